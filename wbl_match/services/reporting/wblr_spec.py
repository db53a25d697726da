"""The CALPADS Work-Based Learning (WBLR) file, as far as this service can know it.

Sources (``docs/wblr.md`` has the field-by-field table, where each field comes from, and what is uncertain):

- CALPADS Update Flash #229 (25 July 2022): the WBLR file of the End-of-Year 1 submission, the
  work-based learning types (CALPADS Code Sets v13.2), hours reported for the academic year for types
  10–20, type 20 renamed "Simulative Work-Based Learning".
- CALPADS Update Flash #265 (4 March 2024): field 21.13 "Internship-Employer Performance Evaluation Code"
  and the fifth code "Not Provided by Employer", effective 2023–24 (Code Sets v15.2).
- CALPADS system documentation (documentation.calpads.org: Student Details – WBLR, whose replacement
  processing keys a record by School of Attendance, Academic Year ID, SSID, Work-Based Learning Type Code,
  Internship ID and State Course Code – Embedded Work-Based Learning; Report 18.2, which selects on fields
  21.05 School of Attendance and 21.07 Academic Year ID).
- PowerSchool SIS California, "Entering Work-Based Learning Records" (the data elements and their rules:
  Internship ID at most 36 characters, unique within the school and academic year, blank unless the type
  is 10; hours for types 10, 15 and 20; a state course code required for types 15 and 20; type 30 not
  applicable from 2024–25).

The field order below is reconstructed from those fixed points (21.05, 21.07, 21.13); the coded values
of the evaluation code set are not in any source available here and are marked as such. Check both
against the CALPADS File Specifications and Code Sets of the year being reported before a first upload.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The version of the public material this file was written from.
SPEC_VERSION = ("CALPADS WBLR per Flash #229 (2022) and #265 (2024), the CALPADS system documentation "
                "(Report 18.2, April 2024) and an SIS vendor's WBLR guide; Code Sets v15.2 (2023–24)")
DELIMITER = "^"
RECORD_TYPE = "WBLR"
INTERNSHIP = "10"


@dataclass(frozen=True)
class Field:
    number: str
    name: str
    max_length: int
    #: "Y" required in every record; "C" required or forbidden by the record's type (the validator's type
    #: rules); "N" optional.
    required: str
    #: Where the field's number, name, length and rule come from (``docs/wblr.md`` lists the sources).
    source: str


_F229, _F265, _DOC, _PS, _RECON = "Flash #229", "Flash #265", "CALPADS docs", "SIS guide", "reconstructed"
FIELDS = (
    Field("21.01", "Record Type Code", 4, "Y", f"{_PS}: every record carries WBLR"),
    Field("21.02", "Transaction Type Code", 1, "N", f"{_RECON}: CALPADS batch files' common header fields"),
    Field("21.03", "Local Record ID", 255, "N", f"{_RECON}: common header fields"),
    Field("21.04", "Reporting LEA", 7, "Y", f"{_RECON}: common header fields"),
    Field("21.05", "School of Attendance", 7, "Y", f"{_DOC} (Report 18.2, operational key): field 21.05"),
    Field("21.06", "School of Attendance NPS", 7, "N", f"{_DOC}: NPS schools only"),
    Field("21.07", "Academic Year ID", 9, "Y", f"{_DOC} (Report 18.2, operational key): field 21.07"),
    Field("21.08", "SSID", 10, "Y", f"{_DOC}/{_PS}: operational key"),
    Field("21.09", "Local Student ID", 15, "N", f"{_RECON}: common student fields"),
    Field("21.10", "Work-Based Learning Type Code", 2, "Y", f"{_F229}/{_PS}: operational key, Code Sets v13.2"),
    Field("21.11", "Internship ID", 36, "C", f"{_PS}: 36 characters, unique in school and year, only for type 10"),
    Field("21.12", "Work-Based Learning Hours - External", 4, "C", f"{_F229}/{_PS}: types 10, 15 and 20"),
    Field("21.13", "Internship-Employer Performance Evaluation Code", 2, "C", f"{_F265}: field 21.13, type 10"),
    Field("21.14", "Internship - LEA Sponsored Indicator", 1, "C", f"{_PS}: Y or N, type 10"),
    Field("21.15", "Internship - Certified Supervised Indicator", 1, "C", f"{_PS}: Y or N, type 10"),
    Field("21.16", "State Course Code - Embedded Work-Based Learning", 4, "C",
          f"{_DOC}/{_PS}: operational key; required for types 15 and 20"),
)
INDEX = {f.name: i for i, f in enumerate(FIELDS)}

#: Work-Based Learning Type codes (Flash #229, Code Sets v13.2; 30 retired from 2024–25).
WBL_TYPES = {
    "10": "Internship", "15": "Student-Led Enterprise", "20": "Simulative Work-Based Learning",
    "25": "Registered Pre-Apprenticeship Program", "35": "Job Corps",
    "40": "Workforce Innovation and Opportunity Act (WIOA)", "45": "YouthBuild",
    "50": "California Conservation Corps", "60": "Transition Work-Based Experience",
    "65": "Transition Classroom-Based Work Exploration",
}
#: Types whose external hours are reported (Flash #229).
HOURS_TYPES = ("10", "15", "20")
#: Types that must name the state course the activity was embedded in (the SIS guide's data-entry rules);
#: Flash #229 ties internships to a course from 2022–23 too, but a vendor guide says it is not required for
#: them: left optional for type 10 (``docs/wblr.md``).
COURSE_TYPES = ("15", "20")
#: The fields CALPADS replaces a record by (its operational key, CALPADS system documentation).
OPERATIONAL_KEY = ("School of Attendance", "Academic Year ID", "SSID", "Work-Based Learning Type Code",
                   "Internship ID", "State Course Code - Embedded Work-Based Learning")

#: Internship-Employer Performance Evaluation codes. The names are the CDE's (the evaluation template's
#: four levels, and "Not Provided by Employer" from Flash #265); the coded VALUES are this service's
#: assumption (the template's 1–4 scale, then 5) until checked against the Code Sets.
EVALUATION_CODES = {
    "1": "Does Not Meet Expectations", "2": "Partially Meets Expectations", "3": "Meets Expectations",
    "4": "Above Expectations", "5": "Not Provided by Employer",
}
NOT_PROVIDED = "5"
