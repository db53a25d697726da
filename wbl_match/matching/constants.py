"""Fixed vocabularies and physical constants of the round-file format."""

ENGINE_VERSION = "1.0.0"

ROUND_FORMAT = "wbl-match-round/1"
RESULT_FORMAT = "wbl-match-result/1"

#: The 15 California CTE industry sectors, in the order of the spec.
SECTORS = (
    "agriculture-natural-resources",
    "arts-media-entertainment",
    "building-construction-trades",
    "business-finance",
    "education-child-development-family-services",
    "energy-environment-utilities",
    "engineering-architecture",
    "fashion-interior-design",
    "health-science-medical-technology",
    "hospitality-tourism-recreation",
    "information-communication-technologies",
    "manufacturing-product-development",
    "marketing-sales-service",
    "public-services",
    "transportation",
)
SECTOR_INDEX = {code: i for i, code in enumerate(SECTORS)}

#: Plain names, for messages read by students.
SECTOR_NAMES = (
    "Agriculture and Natural Resources",
    "Arts, Media and Entertainment",
    "Building and Construction Trades",
    "Business and Finance",
    "Education, Child Development and Family Services",
    "Energy, Environment and Utilities",
    "Engineering and Architecture",
    "Fashion and Interior Design",
    "Health Science and Medical Technology",
    "Hospitality, Tourism and Recreation",
    "Information and Communication Technologies",
    "Manufacturing and Product Development",
    "Marketing, Sales and Service",
    "Public Services",
    "Transportation",
)

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_INDEX = {code: i for i, code in enumerate(DAYS)}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Minutes between the starts of two consecutive days in "week minutes". Larger
#: than 1440 so that Monday 24:00 and Tuesday 00:00 never touch: the spec only
#: merges intervals of the same day.
DAY_STRIDE = 2000

MECHANISMS = ("optimal", "stable")
SECTOR_RULES = ("required", "preferred")

EARTH_RADIUS_KM = 6371.0088
MAX_EXPLICIT_COST = 1_000_000

#: Rule 7: in a ``school`` term Monday to Friday are school days; in a ``vacation`` term none is.
TERMS = ("school", "vacation")
#: Rule 8.
PATHWAY_RULES = ("off", "preferred", "required")
