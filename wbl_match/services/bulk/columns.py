"""The columns of each import (and export): canonical name, whether required, header variants, example."""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("students", "employers", "slots")
KIND_LABELS = {"students": "Students (roster)", "employers": "Employers", "slots": "Slots"}


@dataclass(frozen=True)
class Column:
    """One column: ``name`` is its header in templates and exports, ``aliases`` other headers we recognise."""

    name: str
    label: str
    example: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    hint: str = ""


STUDENT_COLUMNS = (
    Column("student_id", "Student ID", "1234567890", True,
           ("ssid", "statewide student id", "student number", "local id", "student no", "id"),
           "The student's id in your student information system; re-imports update by it."),
    Column("school", "School", "54722315430010", True, ("school cds", "cds code", "cds", "school code",
                                                        "school name"), "CDS code or exact name of the school."),
    Column("first_name", "First name", "Maria", True, ("first", "given name", "firstname", "legal first name")),
    Column("last_name", "Last name", "Lopez", True, ("last", "surname", "family name", "lastname",
                                                     "legal last name")),
    Column("email", "E-mail", "maria.lopez@example.org", False, ("email address", "student email", "e mail")),
    Column("grade", "Grade", "11", True, ("grade level", "gr", "current grade"), "9 to 12."),
    Column("date_of_birth", "Date of birth", "2010-04-17", False, ("dob", "birth date", "birthdate"),
           "YYYY-MM-DD."),
    Column("home_zip", "Home ZIP", "93291", True, ("zip", "zip code", "postal code", "home zip code", "zipcode")),
    Column("home_lat", "Home latitude", "", False, ("latitude", "lat"), "Blank: the ZIP code's centre."),
    Column("home_lon", "Home longitude", "", False, ("longitude", "lon", "lng"), "Blank: the ZIP code's centre."),
    Column("travel_mode", "Travel mode", "transit", False, ("travel", "transportation", "commute"),
           "walk, bike, transit, car or school_bus."),
    Column("max_km", "Max km", "", False, ("max distance km", "distance limit km")),
    Column("max_minutes", "Max minutes", "45", False, ("max travel minutes", "travel time limit")),
    Column("sectors", "Sectors", "health-science-medical-technology; business-finance", False,
           ("sector interests", "interests", "industry sectors"), "Sector codes or names, strongest first, "
           "separated by ';'."),
    Column("pathway", "Pathway", "", False, ("cte pathway", "pathway code")),
    Column("certifications", "Certifications", "cpr; food-handler", False, ("certs",)),
    Column("availability", "Availability", "Mon 15:00-18:00; Wed 15:00-18:00", False,
           ("schedule", "available", "free times"), "Days and 24-hour times, separated by ';'."),
    Column("language", "Language", "es", False, ("home language", "preferred language", "student language",
                                                 "idioma"),
           "en or es (English or Spanish): the student's pages, e-mails and letters. Blank: their browser's."),
    Column("guardian_language", "Guardian language", "es", False, ("parent language", "family language",
                                                                   "home language of parent", "idioma familia"),
           "en or es: what the parent or guardian is written to in. Blank: the student's."),
    Column("phone", "Phone", "(559) 555-0188", False, ("student phone", "telephone", "cell", "mobile"),
           "For staff to call a student without e-mail."),
    Column("guardian_phone", "Guardian phone", "(559) 555-0123", False,
           ("parent phone", "home phone", "family phone", "guardian telephone"),
           "For staff to call the family."),
    Column("guardian_email", "Guardian e-mail", "r.lopez@example.org", False,
           ("parent email", "guardian email", "family email", "parent e-mail"),
           "The parent's or guardian's e-mail: they get the ranking and offer reminders too."),
)

EMPLOYER_COLUMNS = (
    Column("employer_id", "Employer ID", "EMP-0001", True, ("employer number", "crm id", "organisation id",
                                                           "organization id", "id"),
           "Your id for the employer; re-imports update by it, and slots refer to it."),
    Column("name", "Name", "Kaweah Health Clinic", True, ("employer", "employer name", "organisation",
                                                          "organization", "company")),
    Column("description", "Description", "Community clinic in central Visalia.", False, ("about",)),
    Column("website", "Website", "https://example.org", False, ("url", "web site")),
    Column("address", "Address", "400 W Mineral King Ave", False, ("street", "street address")),
    Column("city", "City", "Visalia", False, ("town",)),
    Column("zip", "ZIP", "93291", False, ("zip code", "postal code", "zipcode")),
    Column("contact_name", "Contact name", "Lee Park", False, ("contact", "supervisor", "primary contact")),
    Column("contact_title", "Contact title", "Volunteer coordinator", False, ("title", "job title")),
    Column("contact_email", "Contact e-mail", "lee.park@example.org", False, ("contact email", "email")),
    Column("contact_phone", "Contact phone", "(559) 555-0142", False, ("phone", "telephone")),
)

SLOT_COLUMNS = (
    Column("slot_id", "Slot ID", "SLOT-0001", True, ("slot number", "position id", "opportunity id", "id"),
           "Your id for the slot; re-imports update by it."),
    Column("employer_id", "Employer ID", "EMP-0001", True, ("employer", "employer number", "crm id"),
           "The Employer ID of an employer already imported."),
    Column("title", "Title", "Clinic assistant", True, ("position", "job title", "role")),
    Column("description", "Description", "Help the front desk and shadow a nurse.", False, ("about", "details")),
    Column("sector", "Sector", "health-science-medical-technology", True, ("industry sector", "sector code")),
    Column("pathway", "Pathway", "", False, ("cte pathway", "pathway code")),
    Column("also_pathways", "Also for pathways", "", False, ("other pathways", "pathways"),
           "Other pathways of the sector the slot suits, separated by ';'."),
    Column("site_address", "Site address", "400 W Mineral King Ave", False, ("address", "street")),
    Column("site_city", "Site city", "Visalia", False, ("city",)),
    Column("site_zip", "Site ZIP", "93291", False, ("zip", "zip code", "postal code")),
    Column("site_lat", "Site latitude", "", False, ("latitude", "lat"), "Blank: the ZIP code's centre."),
    Column("site_lon", "Site longitude", "", False, ("longitude", "lon", "lng"), "Blank: the ZIP code's centre."),
    Column("remote", "Remote", "no", False, ("is remote", "virtual"), "yes or no."),
    Column("term_start", "Term start", "2027-06-14", False, ("start date", "starts"), "YYYY-MM-DD."),
    Column("term_end", "Term end", "2027-07-30", False, ("end date", "ends"), "YYYY-MM-DD."),
    Column("capacity", "Capacity", "2", True, ("places", "openings", "positions", "seats")),
    Column("paid", "Paid", "yes", False, ("is paid",), "yes or no."),
    Column("hourly_wage", "Hourly wage", "17.00", False, ("wage", "pay rate"), "Dollars an hour."),
    Column("min_grade", "Minimum grade", "", False, ("min grade", "grade")),
    Column("min_age", "Minimum age", "16", False, ("min age", "age")),
    Column("required_certifications", "Required certifications", "cpr", False, ("certifications", "certs")),
    Column("what_to_bring", "What to bring", "Closed-toe shoes and a photo ID.", False, ("bring",)),
    Column("schedule", "Schedule", "Tue 15:30-17:30; Thu 15:30-17:30", False, ("shifts", "hours", "days"),
           "Days and 24-hour times, separated by ';'."),
)

COLUMNS = {"students": STUDENT_COLUMNS, "employers": EMPLOYER_COLUMNS, "slots": SLOT_COLUMNS}


def normalise_header(text: str) -> str:
    """``" Student ID "``, ``student_id`` and ``STUDENT-ID`` all become ``student id``."""
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def suggest_mapping(kind: str, headers: list[str]) -> list[str | None]:
    """The column name each header most likely means (None: not recognised); each column used once."""
    known: dict[str, str] = {}
    for column in COLUMNS[kind]:
        for variant in (column.name, column.label, *column.aliases):
            known.setdefault(normalise_header(variant), column.name)
    taken: set[str] = set()
    suggestion: list[str | None] = []
    for header in headers:
        name = known.get(normalise_header(header))
        suggestion.append(name if name and name not in taken else None)
        if name:
            taken.add(name)
    return suggestion


def mapping_problems(kind: str, mapping: list[str | None]) -> list[str]:
    """Why a mapping cannot be used: a required column not mapped, or a column mapped twice."""
    problems = []
    chosen = [name for name in mapping if name]
    names = {column.name: column for column in COLUMNS[kind]}
    for name in sorted({n for n in chosen if chosen.count(n) > 1}):
        problems.append(f"“{names[name].label}” is chosen for more than one column.")
    for column in COLUMNS[kind]:
        if column.required and column.name not in chosen:
            problems.append(f"Choose the column that holds “{column.label}” (required).")
    unknown = [n for n in chosen if n not in names]
    if unknown:
        problems.append("Unknown column choice: " + ", ".join(sorted(set(unknown))) + ".")
    return problems
