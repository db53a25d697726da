"""Turning one row's cells into the values of a record, collecting every problem with its column."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from wbl_match.reference import PATHWAY_BY_CODE, SECTOR_BY_CODE
from wbl_match.services.bulk import cells
from wbl_match.services.bulk.cells import CellError
from wbl_match.domain.places import BOTH_OR_NEITHER, locate_zip

def _words(name: str) -> str:
    """A name as looked up: lower case, punctuation ignored ("Arts, Media, and Entertainment" is
    "Arts, Media and Entertainment")."""
    return " ".join(re.sub(r"[^a-z0-9&]+", " ", name.lower()).split())


SECTOR_WORDS = {**{code: code for code in SECTOR_BY_CODE},
                **{_words(s.name): s.code for s in SECTOR_BY_CODE.values()}}
PATHWAY_WORDS = {**{code: code for code in PATHWAY_BY_CODE},
                 **{_words(p.name): p.code for p in PATHWAY_BY_CODE.values()}}


@dataclass
class Lookups:
    """What rows refer to, loaded once per import: schools by CDS code and name, employers by id."""

    schools: dict[str, int] = field(default_factory=dict)
    employers: dict[str, int] = field(default_factory=dict)


class RowReader:
    """Reads the cells of one row (by column name), remembering each problem instead of stopping."""

    def __init__(self, cells_by_name: dict[str, str], labels: dict[str, str]) -> None:
        self.cells = cells_by_name
        self.labels = labels
        self.problems: list[tuple[str, str]] = []

    def get(self, name: str, read: Callable[[str], Any], required: bool = False) -> Any:
        value = self.cells.get(name, "")
        if required and not value:
            self.problems.append((self.labels[name], "This is required."))
            return None
        try:
            return read(value)
        except CellError as error:
            self.problems.append((self.labels[name], str(error)))
            return None

    def problems_in(self, *names: str) -> bool:
        """True when a cell of one of ``names`` has a problem already."""
        labels = {self.labels[name] for name in names}
        return any(column in labels for column, _ in self.problems)

    def has(self, name: str) -> bool:
        return name in self.cells

    def fail(self, name: str, message: str) -> None:
        self.problems.append((self.labels[name], message))


def _sector(value: str) -> str | None:
    if not value:
        return None
    code = SECTOR_WORDS.get(value.lower()) or SECTOR_WORDS.get(_words(value))
    if code is None:
        raise CellError(f"'{value}' is not one of the 15 industry sectors (use its code or name).")
    return code


def _sectors(value: str) -> list[str]:
    codes = [_sector(part) for part in cells.code_list(value)]
    if len(set(codes)) != len(codes):
        raise CellError("A sector is listed twice.")
    return codes


def _pathway(value: str) -> str | None:
    if not value:
        return None
    code = PATHWAY_WORDS.get(value.lower()) or PATHWAY_WORDS.get(_words(value))
    if code is None:
        raise CellError(f"'{value}' is not a known CTE pathway (use its code or name).")
    return code


def _place(row: RowReader, zip_name: str, lat_name: str, lon_name: str, required: bool) -> dict[str, Any]:
    """ZIP, latitude and longitude; a blank position is the ZIP code's centre."""
    zip_value = row.get(zip_name, lambda v: cells.zip_code(v, required))
    lat = row.get(lat_name, cells.latitude)
    lon = row.get(lon_name, cells.longitude)
    if (lat is None) != (lon is None) and not row.problems_in(lat_name, lon_name):
        row.fail(lat_name, BOTH_OR_NEITHER)
    if lat is None and zip_value:  # the ZIP passed the rule of domain.places, so it has a position
        place = locate_zip(zip_value)
        lat, lon = place.lat, place.lon
    return {"zip": zip_value, "lat": lat, "lon": lon}


def student_values(row: RowReader, lookups: Lookups) -> dict[str, Any]:
    school_key = row.get("school", lambda v: v, required=True)
    school_id = None
    if school_key:
        school_id = lookups.schools.get(school_key) or lookups.schools.get(school_key.lower())
        if school_id is None:
            row.fail("school", f"No school '{school_key}' in this consortium (use its CDS code or exact name).")
    place = _place(row, "home_zip", "home_lat", "home_lon", required=True)
    values = {
        "external_id": row.get("student_id", lambda v: cells.text(v, 64), required=True),
        "school_id": school_id,
        "first_name": row.get("first_name", lambda v: cells.text(v, 100), required=True),
        "last_name": row.get("last_name", lambda v: cells.text(v, 100), required=True),
        "email": row.get("email", lambda v: cells.text(v.lower(), 254)),
        "grade": row.get("grade", cells.grade, required=True),
        "date_of_birth": row.get("date_of_birth", cells.birth_date),
        "home_zip": place["zip"], "home_lat": place["lat"], "home_lon": place["lon"],
        "travel_mode": row.get("travel_mode", cells.travel_mode),
        "max_km": row.get("max_km", cells.max_km),
        "max_minutes": row.get("max_minutes", cells.max_minutes),
        "certifications": row.get("certifications", cells.certifications),
        "sectors": row.get("sectors", _sectors),
        "pathway_code": row.get("pathway", _pathway),
        "availability": row.get("availability", cells.schedule),
        "language": row.get("language", cells.language),
        "guardian_language": row.get("guardian_language", cells.language),
        "phone": row.get("phone", lambda v: cells.text(v, 40)),
        "guardian_phone": row.get("guardian_phone", lambda v: cells.text(v, 40)),
        "guardian_email": row.get("guardian_email", cells.email),
    }
    # A file without the coordinate columns (the export leaves them out) keeps the coordinates of a student
    # whose ZIP is unchanged (see importing._write); others are placed at their ZIP code's centre.
    values["coordinates_from_zip"] = not row.has("home_lat") and not row.has("home_lon")
    return _only_given(row, values, {"email": "email", "date_of_birth": "date_of_birth", "travel_mode": "travel_mode",
                                     "max_km": "max_km", "max_minutes": "max_minutes",
                                     "certifications": "certifications", "sectors": "sectors",
                                     "pathway_code": "pathway", "availability": "availability",
                                     "language": "language", "guardian_language": "guardian_language",
                                     "phone": "phone", "guardian_phone": "guardian_phone",
                                     "guardian_email": "guardian_email"})


def employer_values(row: RowReader, lookups: Lookups) -> dict[str, Any]:
    values = {
        "external_id": row.get("employer_id", lambda v: cells.text(v, 64), required=True),
        "name": row.get("name", lambda v: cells.text(v, 200), required=True),
        "description": row.get("description", lambda v: cells.text(v, 20_000)),
        "website": row.get("website", lambda v: cells.text(v, 300)),
        "address": row.get("address", lambda v: cells.text(v, 300)),
        "city": row.get("city", lambda v: cells.text(v, 100)),
        "zip": row.get("zip", lambda v: cells.zip_code(v, False)),
    }
    values = _only_given(row, values, {name: name for name in ("description", "website", "address", "city", "zip")})
    if any(row.has(f"contact_{part}") for part in ("name", "title", "email", "phone")):
        values["contact"] = {
            "name": row.get("contact_name", lambda v: cells.text(v, 200)),
            "title": row.get("contact_title", lambda v: cells.text(v, 200)),
            "email": row.get("contact_email", lambda v: cells.text(v.lower(), 254)),
            "phone": row.get("contact_phone", lambda v: cells.text(v, 40)),
        }
    return values


def _pathways(value: str) -> list[str]:
    codes = [_pathway(part) for part in cells.code_list(value)]
    return sorted(set(codes))


def slot_values(row: RowReader, lookups: Lookups) -> dict[str, Any]:
    employer_key = row.get("employer_id", lambda v: v, required=True)
    employer_id = lookups.employers.get(employer_key) if employer_key else None
    if employer_key and employer_id is None:
        row.fail("employer_id", f"No employer with the id '{employer_key}'; import employers first.")
    remote = row.get("remote", cells.yes_no) or False
    place = _place(row, "site_zip", "site_lat", "site_lon", required=False)
    if not remote and place["lat"] is None and not (row.cells.get("site_zip") or "").strip():
        # (a ZIP code that was given but refused has its own message already)
        row.fail("site_zip", "A slot that is not remote needs a site ZIP code (or latitude and longitude).")
    values = {
        "external_id": row.get("slot_id", lambda v: cells.text(v, 64), required=True),
        "employer_id": employer_id,
        "title": row.get("title", lambda v: cells.text(v, 200), required=True),
        "description": row.get("description", lambda v: cells.text(v, 20_000)) or "",
        "sector_code": row.get("sector", _sector, required=True),
        "pathway_code": row.get("pathway", _pathway),
        "extra_pathway_codes": row.get("also_pathways", _pathways),
        "site_address": row.get("site_address", lambda v: cells.text(v, 300)),
        "site_city": row.get("site_city", lambda v: cells.text(v, 100)),
        "site_zip": place["zip"], "site_lat": place["lat"], "site_lon": place["lon"], "is_remote": remote,
        "term_start": row.get("term_start", cells.iso_date),
        "term_end": row.get("term_end", cells.iso_date),
        "capacity": row.get("capacity", cells.capacity, required=True),
        "is_paid": row.get("paid", cells.yes_no) or False,
        "hourly_wage_cents": row.get("hourly_wage", cells.money_cents),
        "min_grade": row.get("min_grade", cells.min_grade),
        "min_age": row.get("min_age", cells.min_age),
        "required_certifications": row.get("required_certifications", cells.certifications),
        "what_to_bring": row.get("what_to_bring", lambda v: cells.text(v, 5_000)),
        "shifts": row.get("schedule", cells.schedule),
    }
    if values["term_start"] and values["term_end"] and values["term_end"] < values["term_start"]:
        row.fail("term_end", "The term cannot end before it starts.")
    others = [code for code in values["extra_pathway_codes"] or () if PATHWAY_BY_CODE[code].sector_code
              != values["sector_code"]]
    if others and values["sector_code"]:
        row.fail("also_pathways", f"'{others[0]}' is not a pathway of the slot's sector.")
    return _only_given(row, values, {"description": "description", "pathway_code": "pathway",
                                     "extra_pathway_codes": "also_pathways", "site_address": "site_address", "site_city": "site_city",
                                     "term_start": "term_start", "term_end": "term_end", "is_paid": "paid",
                                     "hourly_wage_cents": "hourly_wage", "min_grade": "min_grade",
                                     "min_age": "min_age", "required_certifications": "required_certifications",
                                     "what_to_bring": "what_to_bring", "shifts": "schedule"})


def _only_given(row: RowReader, values: dict[str, Any], optional: dict[str, str]) -> dict[str, Any]:
    """Leave out optional fields whose column is not in the file, so a re-import does not blank them."""
    return {key: value for key, value in values.items() if key not in optional or row.has(optional[key])}


READERS = {"students": student_values, "employers": employer_values, "slots": slot_values}
