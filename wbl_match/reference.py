"""The 15 California CTE industry sectors and their pathways.

Sector codes are those of the round file (``wbl-match-round/1``). Sectors and pathways follow the
California Department of Education's Career Technical Education Model Curriculum Standards.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Pathway:
    code: str
    name: str
    sector_code: str


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    pathways: tuple[Pathway, ...]


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "and")).strip("-")


_SECTOR_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("agriculture-natural-resources", "Agriculture and Natural Resources", (
        "Agricultural Business", "Agricultural Mechanics", "Agriscience", "Animal Science",
        "Forestry and Natural Resources", "Ornamental Horticulture", "Plant and Soil Science")),
    ("arts-media-entertainment", "Arts, Media, and Entertainment", (
        "Design, Visual, and Media Arts", "Game Design and Integration", "Performing Arts",
        "Production and Managerial Arts")),
    ("building-construction-trades", "Building and Construction Trades", (
        "Cabinetry, Millwork, and Woodworking", "Engineering and Heavy Construction",
        "Mechanical Systems Installation and Repair", "Residential and Commercial Construction")),
    ("business-finance", "Business and Finance", (
        "Business Management", "Financial Services", "International Business")),
    ("education-child-development-family-services", "Education, Child Development, and Family Services", (
        "Child Development", "Consumer Services", "Education", "Family and Human Services")),
    ("energy-environment-utilities", "Energy, Environment, and Utilities", (
        "Energy and Power Technology", "Environmental Resource Management", "Telecommunications")),
    ("engineering-architecture", "Engineering and Architecture", (
        "Architectural Design", "Engineering Design", "Engineering Technology", "Environmental Engineering")),
    ("fashion-interior-design", "Fashion and Interior Design", (
        "Fashion Design and Merchandising", "Interior Design, Furnishings, and Maintenance")),
    ("health-science-medical-technology", "Health Science and Medical Technology", (
        "Biotechnology", "Health Care Administrative Services", "Health Care Operational Support Services",
        "Mental and Behavioral Health", "Patient Care", "Public and Community Health")),
    ("hospitality-tourism-recreation", "Hospitality, Tourism, and Recreation", (
        "Food Science, Dietetics, and Nutrition", "Food Service and Hospitality",
        "Hospitality, Tourism, and Recreation Services")),
    ("information-communication-technologies", "Information and Communication Technologies", (
        "Information Support and Services", "Networking", "Software and Systems Development")),
    ("manufacturing-product-development", "Manufacturing and Product Development", (
        "Graphic Production Technologies", "Machining and Forming Technologies", "Product Innovation and Design",
        "Welding and Materials Joining")),
    ("marketing-sales-service", "Marketing, Sales, and Service", (
        "Entrepreneurship and Self-Employment", "Marketing", "Professional Sales")),
    ("public-services", "Public Services", ("Emergency Response", "Legal Practices", "Public Safety")),
    ("transportation", "Transportation", (
        "Operations", "Structural Repair and Refinishing", "Systems Diagnostics, Service, and Repair")),
)

SECTORS: tuple[Sector, ...] = tuple(
    Sector(code, name, tuple(Pathway(_slug(p), p, code) for p in pathways))
    for code, name, pathways in _SECTOR_TABLE
)
SECTOR_BY_CODE: dict[str, Sector] = {sector.code: sector for sector in SECTORS}
PATHWAY_BY_CODE: dict[str, Pathway] = {p.code: p for sector in SECTORS for p in sector.pathways}
SECTOR_CODES: tuple[str, ...] = tuple(sector.code for sector in SECTORS)

#: Certifications an employer may require and a student may hold (free text is also accepted).
COMMON_CERTIFICATIONS: dict[str, str] = {
    "cpr": "CPR",
    "first-aid": "First aid",
    "food-handler": "California Food Handler Card",
    "osha-10": "OSHA 10-hour",
    "servsafe": "ServSafe",
    "forklift": "Forklift operator",
    "work-permit": "Work permit (Form B1-4)",
    "drivers-license": "Driver's license",
    "tb-test": "TB test clearance",
    "livescan": "Live Scan background check",
}
