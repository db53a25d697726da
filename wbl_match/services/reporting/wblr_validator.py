"""Checks a WBLR file row by row against the rules of the specification (``wblr_spec``), naming every bad row.

Works on the file's rows as text, so it checks exactly what would be uploaded, whoever made it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from wbl_match.services.reporting.wblr_spec import (
    COURSE_TYPES, DELIMITER, EVALUATION_CODES, FIELDS, HOURS_TYPES, INDEX, INTERNSHIP, OPERATIONAL_KEY, RECORD_TYPE,
    WBL_TYPES,
)

_DIGITS = {n: re.compile(rf"^\d{{{n}}}$") for n in (4, 7, 10)}
_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass(frozen=True)
class Problem:
    #: 1-based line of the file.
    row: int
    field: str
    message: str


def parse(text: str) -> list[list[str]]:
    """The rows of a caret-delimited WBLR file (no header row)."""
    return [line.split(DELIMITER) for line in text.splitlines() if line.strip()]


def validate(rows: list[list[str]]) -> list[Problem]:
    """Every rule every row breaks (empty when the file can be uploaded)."""
    problems: list[Problem] = []
    keys: dict[tuple, int] = {}
    internship_ids: dict[tuple, int] = {}
    for number, row in enumerate(rows, 1):
        if len(row) != len(FIELDS):
            problems.append(Problem(number, "record", f"has {len(row)} fields; a WBLR record has {len(FIELDS)}"))
            continue
        found = [Problem(number, field, message) for field, message in _row_problems(row)]
        problems.extend(found)
        value = {name: row[i] for name, i in INDEX.items()}
        key = tuple(value[name] for name in OPERATIONAL_KEY)
        if key in keys:
            problems.append(Problem(number, "SSID", f"repeats the record of row {keys[key]} (same school, year, "
                                                    "student, type, internship and course)"))
        keys.setdefault(key, number)
        if value["Internship ID"]:
            where = (value["School of Attendance"], value["Academic Year ID"], value["Internship ID"])
            if where in internship_ids and internship_ids[where] != number:
                other = rows[internship_ids[where] - 1][INDEX["SSID"]]
                if other != value["SSID"]:
                    problems.append(Problem(number, "Internship ID", f"is also used in row {internship_ids[where]}; "
                                                                      "it must be unique within the school and year"))
            internship_ids.setdefault(where, number)
    return problems


def _row_problems(row: list[str]):
    value = {name: row[i] for name, i in INDEX.items()}
    for field, text in zip(FIELDS, row):
        if field.required == "Y" and not text.strip():
            yield field.name, f"is required (field {field.number})"
        if len(text) > field.max_length:
            yield field.name, f"is {len(text)} characters long; at most {field.max_length}"
        if text != text.strip() or "\n" in text:
            yield field.name, "has spaces around it or a line break"
    if value["Record Type Code"] != RECORD_TYPE:
        yield "Record Type Code", f"must be {RECORD_TYPE}"
    if value["Transaction Type Code"] not in ("", "D"):
        yield "Transaction Type Code", "must be blank (add or replace) or D (delete)"
    if not value["Local Record ID"]:
        yield "Local Record ID", "is missing"
    for name, digits in (("Reporting LEA", 7), ("School of Attendance", 7), ("SSID", 10)):
        if value[name] and not _DIGITS[digits].match(value[name]):
            yield name, f"must be {digits} digits" + (" (the student's Statewide Student Identifier)"
                                                       if name == "SSID" else "")
    year = _YEAR.match(value["Academic Year ID"])
    if value["Academic Year ID"] and (not year or int(year[2]) != int(year[1]) + 1):
        yield "Academic Year ID", "must be two consecutive years, like 2026-2027"
    kind = value["Work-Based Learning Type Code"]
    if kind and kind not in WBL_TYPES:
        yield "Work-Based Learning Type Code", "is not in the code set"
    yield from _internship_problems(value, kind)
    course = value["State Course Code - Embedded Work-Based Learning"]
    if course and not _DIGITS[4].match(course):
        yield "State Course Code - Embedded Work-Based Learning", "must be 4 digits or blank"
    elif not course and kind in COURSE_TYPES:
        yield "State Course Code - Embedded Work-Based Learning", f"is required for type {kind}"


def _internship_problems(value: dict[str, str], kind: str):
    hours = value["Work-Based Learning Hours - External"]
    if kind in HOURS_TYPES:
        if not hours.isdigit():
            yield "Work-Based Learning Hours - External", "must be a whole number of hours"
        elif int(hours) == 0:
            yield "Work-Based Learning Hours - External", "is 0: no approved hours to report"
    elif hours:
        yield "Work-Based Learning Hours - External", f"must be blank for type {kind}"
    internship_fields = ("Internship ID", "Internship-Employer Performance Evaluation Code",
                         "Internship - LEA Sponsored Indicator", "Internship - Certified Supervised Indicator")
    if kind != INTERNSHIP:
        for name in internship_fields:
            if value[name]:
                yield name, f"must be blank unless the type is {INTERNSHIP} (internship)"
        return
    if not value["Internship ID"]:
        yield "Internship ID", "is required for an internship"
    if value["Internship-Employer Performance Evaluation Code"] not in EVALUATION_CODES:
        yield "Internship-Employer Performance Evaluation Code", "is not in the code set (use 'Not Provided by " \
                                                                 "Employer' when there is no evaluation)"
    for name in internship_fields[2:]:
        if value[name] not in ("Y", "N"):
            yield name, "must be Y or N"
