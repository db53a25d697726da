"""Words that reach family-facing pages from English-only sources, listed for the catalogue.

Sector and pathway names (the engine's and the state's), certification names, the engine's travel phrases
and the labels of a few states are kept in English where they are defined; pages translate them where
they are shown (the ``t``, ``sector_name``, ``pathway_name`` and ``certification_name`` filters). This list
puts them in ``messages.po``; ``tests/web/test_catalogue.py`` checks that it names every one of them.
"""
from __future__ import annotations

from wbl_match.languages import N_

SECTOR_NAMES = (
    N_("Agriculture and Natural Resources"), N_("Arts, Media and Entertainment"),
    N_("Building and Construction Trades"), N_("Business and Finance"),
    N_("Education, Child Development and Family Services"), N_("Energy, Environment and Utilities"),
    N_("Engineering and Architecture"), N_("Fashion and Interior Design"),
    N_("Health Science and Medical Technology"), N_("Hospitality, Tourism and Recreation"),
    N_("Information and Communication Technologies"), N_("Manufacturing and Product Development"),
    N_("Marketing, Sales and Service"), N_("Public Services"), N_("Transportation"),
)

PATHWAY_NAMES = (
    N_("Agricultural Business"), N_("Agricultural Mechanics"), N_("Agriscience"), N_("Animal Science"),
    N_("Forestry and Natural Resources"), N_("Ornamental Horticulture"), N_("Plant and Soil Science"),
    N_("Design, Visual, and Media Arts"), N_("Game Design and Integration"), N_("Performing Arts"),
    N_("Production and Managerial Arts"),
    N_("Cabinetry, Millwork, and Woodworking"), N_("Engineering and Heavy Construction"),
    N_("Mechanical Systems Installation and Repair"), N_("Residential and Commercial Construction"),
    N_("Business Management"), N_("Financial Services"), N_("International Business"),
    N_("Child Development"), N_("Consumer Services"), N_("Education"), N_("Family and Human Services"),
    N_("Energy and Power Technology"), N_("Environmental Resource Management"), N_("Telecommunications"),
    N_("Architectural Design"), N_("Engineering Design"), N_("Engineering Technology"),
    N_("Environmental Engineering"),
    N_("Fashion Design and Merchandising"), N_("Interior Design, Furnishings, and Maintenance"),
    N_("Biotechnology"), N_("Health Care Administrative Services"), N_("Health Care Operational Support Services"),
    N_("Mental and Behavioral Health"), N_("Patient Care"), N_("Public and Community Health"),
    N_("Food Science, Dietetics, and Nutrition"), N_("Food Service and Hospitality"),
    N_("Hospitality, Tourism, and Recreation Services"),
    N_("Information Support and Services"), N_("Networking"), N_("Software and Systems Development"),
    N_("Graphic Production Technologies"), N_("Machining and Forming Technologies"),
    N_("Product Innovation and Design"), N_("Welding and Materials Joining"),
    N_("Entrepreneurship and Self-Employment"), N_("Marketing"), N_("Professional Sales"),
    N_("Emergency Response"), N_("Legal Practices"), N_("Public Safety"),
    N_("Operations"), N_("Structural Repair and Refinishing"), N_("Systems Diagnostics, Service, and Repair"),
)

CERTIFICATION_NAMES = (
    N_("CPR"), N_("First aid"), N_("California Food Handler Card"), N_("OSHA 10-hour"), N_("ServSafe"),
    N_("Forklift operator"), N_("Work permit (Form B1-4)"), N_("Driver's license"), N_("TB test clearance"),
    N_("Live Scan background check"),
)

#: The engine's travel phrases (``wbl_match.matching.travel``) and the profile's travel modes.
TRAVEL_WORDS = (
    N_("walking"), N_("by bike"), N_("by bus or train"), N_("by car"), N_("by school bus"),
    N_("Walking"), N_("Bicycle"), N_("Public transit"), N_("Car"), N_("School transport"),
)

#: A placement's status as its badge shows it, and the roles the page's footer names.
STATUS_WORDS = {"proposed": N_("proposed"), "offered": N_("offered"), "accepted": N_("accepted"),
                "declined": N_("declined"), "withdrawn": N_("withdrawn")}
ROLE_WORDS = (N_("Admin"), N_("Intermediary"), N_("Employer"), N_("Student"))

#: After the match: the placement's states, checklist items and evaluations (``models.placements_after``).
AFTER_WORDS = (
    N_("Getting ready"), N_("Ready to start"), N_("Started"), N_("Completed"), N_("Ended early"),
    N_("Guardian consent"), N_("Work permit (minors)"),
    N_("Training and placement agreement accepted by the employer"), N_("Employer's insurance certificate"),
    N_("Safety orientation done"), N_("Mid-point evaluation"), N_("Final evaluation"),
    N_("Foundational Skills"), N_("Applied Workplace Skills"), N_("Self-Management and Personal Responsibility"),
    N_("Does not meet expectations"), N_("Partially meets expectations"), N_("Meets expectations"),
    N_("Above expectations"),
)

#: The student's navigation (``wbl_match.web.NAVIGATION``).
NAVIGATION_WORDS = (N_("My placement"), N_("Profile"), N_("Slots"))
