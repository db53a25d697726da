"""The 15 California CTE industry sectors and their pathways.

Sector codes, their order and their names are the engine's (``wbl_match.matching.constants``), used from
there rather than copied; ``tests/test_reference.py`` ties the two. Sectors and pathways follow the
California Department of Education's Career Technical Education Model Curriculum Standards.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wbl_match.matching.constants import SECTOR_NAMES as ENGINE_SECTOR_NAMES, SECTORS as ENGINE_SECTORS


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


#: The pathways of each sector. The sectors themselves (codes, order, names) are the engine's own.
_PATHWAYS: dict[str, tuple[str, ...]] = {
    "agriculture-natural-resources": (
        "Agricultural Business", "Agricultural Mechanics", "Agriscience", "Animal Science",
        "Forestry and Natural Resources", "Ornamental Horticulture", "Plant and Soil Science"),
    "arts-media-entertainment": (
        "Design, Visual, and Media Arts", "Game Design and Integration", "Performing Arts",
        "Production and Managerial Arts"),
    "building-construction-trades": (
        "Cabinetry, Millwork, and Woodworking", "Engineering and Heavy Construction",
        "Mechanical Systems Installation and Repair", "Residential and Commercial Construction"),
    "business-finance": (
        "Business Management", "Financial Services", "International Business"),
    "education-child-development-family-services": (
        "Child Development", "Consumer Services", "Education", "Family and Human Services"),
    "energy-environment-utilities": (
        "Energy and Power Technology", "Environmental Resource Management", "Telecommunications"),
    "engineering-architecture": (
        "Architectural Design", "Engineering Design", "Engineering Technology", "Environmental Engineering"),
    "fashion-interior-design": (
        "Fashion Design and Merchandising", "Interior Design, Furnishings, and Maintenance"),
    "health-science-medical-technology": (
        "Biotechnology", "Health Care Administrative Services", "Health Care Operational Support Services",
        "Mental and Behavioral Health", "Patient Care", "Public and Community Health"),
    "hospitality-tourism-recreation": (
        "Food Science, Dietetics, and Nutrition", "Food Service and Hospitality",
        "Hospitality, Tourism, and Recreation Services"),
    "information-communication-technologies": (
        "Information Support and Services", "Networking", "Software and Systems Development"),
    "manufacturing-product-development": (
        "Graphic Production Technologies", "Machining and Forming Technologies", "Product Innovation and Design",
        "Welding and Materials Joining"),
    "marketing-sales-service": (
        "Entrepreneurship and Self-Employment", "Marketing", "Professional Sales"),
    "public-services": ("Emergency Response", "Legal Practices", "Public Safety"),
    "transportation": (
        "Operations", "Structural Repair and Refinishing", "Systems Diagnostics, Service, and Repair"),
}

SECTORS: tuple[Sector, ...] = tuple(
    Sector(code, name, tuple(Pathway(_slug(p), p, code) for p in _PATHWAYS[code]))
    for code, name in zip(ENGINE_SECTORS, ENGINE_SECTOR_NAMES)
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
