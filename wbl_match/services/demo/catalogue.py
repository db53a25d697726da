"""What the demo region's employers look like: kinds of organisations and their slots, per sector.

Weights follow the economy of the southern San Joaquin Valley (agriculture, health care, logistics,
food processing and public services lead).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EmployerKind:
    sector: str
    #: Name pattern; ``{town}`` becomes the employer's town, ``{name}`` a family name.
    name: str
    titles: tuple[str, ...]
    pathway: str
    requires: tuple[str, ...] = ()


EMPLOYER_KINDS: tuple[tuple[int, EmployerKind], ...] = (
    (10, EmployerKind("agriculture-natural-resources", "{name} Family Farms",
                      ("Farm operations intern", "Irrigation technician assistant"), "agricultural-mechanics")),
    (6, EmployerKind("agriculture-natural-resources", "{town} Citrus Packing Cooperative",
                     ("Quality control assistant", "Agribusiness office intern"), "agricultural-business")),
    (4, EmployerKind("agriculture-natural-resources", "{town} Dairy and Feed",
                     ("Herd health assistant", "Dairy records intern"), "animal-science")),
    (8, EmployerKind("health-science-medical-technology", "{town} Community Health Center",
                     ("Patient care aide intern", "Front desk and records intern"), "patient-care", ("cpr",))),
    (4, EmployerKind("health-science-medical-technology", "{name} Family Dental",
                     ("Dental office assistant intern",), "health-care-administrative-services")),
    (3, EmployerKind("health-science-medical-technology", "{town} Physical Therapy",
                     ("Physical therapy aide intern",), "patient-care", ("cpr",))),
    (5, EmployerKind("manufacturing-product-development", "{town} Food Processing",
                     ("Production line intern", "Maintenance technician assistant"),
                     "machining-and-forming-technologies", ("osha-10",))),
    (3, EmployerKind("manufacturing-product-development", "{name} Welding and Fabrication",
                     ("Welding shop intern",), "welding-and-materials-joining", ("osha-10",))),
    (5, EmployerKind("transportation", "{town} Truck and Diesel Service",
                     ("Diesel technician assistant", "Fleet service intern"), "systems-diagnostics-service-and-repair")),
    (3, EmployerKind("transportation", "Valley Logistics {town}",
                     ("Dispatch and logistics intern",), "operations")),
    (5, EmployerKind("hospitality-tourism-recreation", "{name}'s Kitchen",
                     ("Kitchen and food service intern",), "food-service-and-hospitality", ("food-handler",))),
    (2, EmployerKind("hospitality-tourism-recreation", "Sequoia Gateway Lodge {town}",
                     ("Guest services intern",), "hospitality-tourism-and-recreation-services")),
    (5, EmployerKind("education-child-development-family-services", "{town} Early Learning Center",
                     ("Preschool classroom aide",), "child-development", ("tb-test",))),
    (4, EmployerKind("public-services", "City of {town}",
                     ("Public works intern", "City clerk's office intern"), "public-safety")),
    (3, EmployerKind("public-services", "{town} Fire Protection District",
                     ("Fire station cadet",), "emergency-response", ("cpr",))),
    (3, EmployerKind("business-finance", "{town} Valley Credit Union",
                     ("Member services intern", "Bookkeeping intern"), "financial-services")),
    (2, EmployerKind("business-finance", "{name} & Associates CPAs",
                     ("Accounting office intern",), "business-management")),
    (3, EmployerKind("building-construction-trades", "{name} Construction",
                     ("Construction site intern", "Estimating assistant"),
                     "residential-and-commercial-construction", ("osha-10",))),
    (2, EmployerKind("building-construction-trades", "{town} Heating and Air",
                     ("HVAC technician assistant",), "mechanical-systems-installation-and-repair")),
    (2, EmployerKind("information-communication-technologies", "{town} IT Services",
                     ("Help desk intern", "Network technician intern"), "information-support-and-services")),
    (1, EmployerKind("information-communication-technologies", "Central Valley Software Lab",
                     ("Junior web developer intern",), "software-and-systems-development")),
    (2, EmployerKind("energy-environment-utilities", "{town} Irrigation District",
                     ("Water resources intern",), "environmental-resource-management")),
    (2, EmployerKind("energy-environment-utilities", "Valley Solar {town}",
                     ("Solar installation assistant",), "energy-and-power-technology", ("osha-10",))),
    (2, EmployerKind("engineering-architecture", "{name} Engineering",
                     ("Drafting and CAD intern",), "engineering-design")),
    (2, EmployerKind("marketing-sales-service", "{town} Farm Supply",
                     ("Retail sales intern",), "professional-sales")),
    (1, EmployerKind("marketing-sales-service", "{town} Chamber of Commerce",
                     ("Marketing and events intern",), "marketing")),
    (2, EmployerKind("arts-media-entertainment", "{town} Community Radio",
                     ("Media production intern",), "design-visual-and-media-arts")),
    (1, EmployerKind("fashion-interior-design", "{name} Interiors",
                     ("Interior design assistant",), "interior-design-furnishings-and-maintenance")),
)

FAMILY_NAMES = (
    "Garcia", "Hernandez", "Martinez", "Lopez", "Gonzalez", "Rodriguez", "Perez", "Sanchez", "Ramirez", "Torres",
    "Flores", "Rivera", "Gomez", "Diaz", "Reyes", "Cruz", "Morales", "Ortiz", "Gutierrez", "Chavez", "Ramos",
    "Ruiz", "Alvarez", "Mendoza", "Castillo", "Vasquez", "Smith", "Johnson", "Williams", "Brown", "Jones",
    "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson",
    "White", "Harris", "Clark", "Lewis", "Nguyen", "Vang", "Xiong", "Lee", "Singh", "Kaur", "Patel", "Souza",
    "Silva", "Medeiros", "Avila", "Mendes", "Yang", "Her", "Moua",
)

GIVEN_NAMES = (
    "Sofia", "Isabella", "Camila", "Valeria", "Ximena", "Daniela", "Mia", "Emily", "Ashley", "Jasmine",
    "Angelina", "Natalie", "Leah", "Maya", "Ava", "Olivia", "Emma", "Hannah", "Kaylee", "Yesenia", "Mai",
    "Pa Nhia", "Gurleen", "Priya", "Alondra", "Citlali", "Jocelyn", "Brianna", "Destiny", "Vanessa",
    "Mateo", "Santiago", "Diego", "Angel", "Jose", "Luis", "Juan", "Carlos", "Adrian", "Daniel", "Ethan",
    "Noah", "Liam", "Jacob", "Michael", "David", "Joshua", "Andrew", "Isaac", "Elijah", "Tou", "Kou",
    "Arjun", "Harpreet", "Gabriel", "Christopher", "Jonathan", "Eduardo", "Francisco", "Miguel",
)

#: How the region's students get around (mode, share, (low, high) minutes they accept).
TRAVEL_HABITS = (
    ("car", 25, (20, 40)),
    ("transit", 25, (30, 60)),
    ("school_bus", 15, (25, 45)),
    ("bike", 15, (15, 30)),
    ("walk", 10, (15, 30)),
)
#: The rest give a plain distance limit in km instead of minutes.
KM_LIMIT_SHARE = 10

#: Certifications students commonly hold, with how often.
STUDENT_CERTIFICATIONS = (("cpr", 0.35), ("first-aid", 0.25), ("food-handler", 0.3), ("osha-10", 0.12),
                          ("tb-test", 0.15), ("work-permit", 0.5))

#: Share of slots that are summer jobs; the others are after-school (or Saturday) slots of the spring term.
SUMMER_SLOT_SHARE = 0.30
#: Places per slot (choices, weights): an after-school slot often takes a small group, a summer job fewer.
AFTER_SCHOOL_PLACES = ((1, 2, 3, 4, 5, 6), (15, 25, 20, 20, 12, 8))
SUMMER_PLACES = ((1, 2, 3, 4), (40, 35, 15, 10))
