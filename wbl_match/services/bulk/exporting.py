"""Templates and exports in the import's own column format, so that an export imports back unchanged."""
from __future__ import annotations

from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import Employer, School, Slot, StudentProfile
from wbl_match.services.bulk.columns import COLUMNS
from wbl_match.domain.weekly import format_schedule
from wbl_match.services.bulk.spreadsheets import csv_bytes, xlsx_bytes

FORMATS = ("csv", "xlsx")
#: What the students export leaves out: the exact home (the ZIP is enough to read it back; a re-import keeps
#: the coordinates of a student whose ZIP is unchanged), and the date of birth unless asked for (audited).
STUDENT_COORDINATES = ("home_lat", "home_lon")
BIRTH_DATE = "date_of_birth"


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _intervals(rows) -> str:
    return format_schedule([(r.day, r.start_minute, r.end_minute) for r in rows])


def _student_row(s: StudentProfile, cds: dict[int, str]) -> list[Any]:
    return [s.external_id, cds[s.school_id], s.first_name, s.last_name, s.email, s.grade, s.date_of_birth,
            s.home_zip, s.home_lat, s.home_lon, s.travel_mode.value if s.travel_mode else None, s.max_km,
            s.max_minutes, "; ".join(i.sector_code for i in s.interests), s.pathway_code,
            "; ".join(s.certifications or []), _intervals(s.availability), s.language, s.guardian_language,
            s.phone, s.guardian_phone, s.guardian_email]


def _employer_row(e: Employer) -> list[Any]:
    contact = next((c for c in e.contacts if c.is_primary), None)
    person = [contact.name, contact.title, contact.email, contact.phone] if contact else [None] * 4
    return [e.external_id, e.name, e.description, e.website, e.address, e.city, e.zip, *person]


def _slot_row(s: Slot, employer_ids: dict[int, str]) -> list[Any]:
    wage = f"{s.hourly_wage_cents / 100:.2f}" if s.hourly_wage_cents is not None else None
    return [s.external_id, employer_ids[s.employer_id], s.title, s.description, s.sector_code, s.pathway_code,
            "; ".join(s.extra_pathway_codes or []), s.site_address, s.site_city, s.site_zip, s.site_lat, s.site_lon, _yes_no(s.is_remote), s.term_start,
            s.term_end, s.capacity, _yes_no(s.is_paid), wage, s.min_grade, s.min_age,
            "; ".join(s.required_certifications or []), s.what_to_bring, _intervals(s.shifts)]


def export_rows(session: Session, consortium_id: int, kind: str) -> Iterator[list[Any]]:
    """Every record of ``kind`` in the consortium (with an external id), in template column order."""
    if kind == "students":
        cds = dict(session.execute(sa.select(School.id, School.cds_code).where(School.consortium_id == consortium_id)).all())
        query = sa.select(StudentProfile).where(StudentProfile.consortium_id == consortium_id).options(
            selectinload(StudentProfile.interests), selectinload(StudentProfile.availability))
        return (_student_row(s, cds) for s in session.scalars(query.order_by(StudentProfile.external_id)))
    if kind == "employers":
        query = sa.select(Employer).where(Employer.consortium_id == consortium_id,
                                          Employer.external_id.is_not(None)).options(selectinload(Employer.contacts))
        return (_employer_row(e) for e in session.scalars(query.order_by(Employer.external_id)))
    employer_ids = dict(session.execute(sa.select(Employer.id, Employer.external_id)
                                        .where(Employer.consortium_id == consortium_id)).all())
    query = sa.select(Slot).where(Slot.consortium_id == consortium_id, Slot.external_id.is_not(None),
                                  Slot.employer_id.in_([i for i, x in employer_ids.items() if x])) \
        .options(selectinload(Slot.shifts))
    return (_slot_row(s, employer_ids) for s in session.scalars(query.order_by(Slot.external_id)))


def export_columns(kind: str, with_birth_dates: bool = False) -> list[str]:
    """The columns of an export of ``kind``: the template's, less what its readers do not need."""
    names = [column.name for column in COLUMNS[kind]]
    if kind == "students":
        left_out = set(STUDENT_COORDINATES) | (set() if with_birth_dates else {BIRTH_DATE})
        names = [name for name in names if name not in left_out]
    return names


def spreadsheet(kind: str, file_format: str, rows, columns: list[str] | None = None) -> bytes:
    """A CSV or XLSX file of ``rows`` (in template order) under the kind's column names, or only ``columns``."""
    header = [column.name for column in COLUMNS[kind]]
    if columns is not None and columns != header:
        keep = [header.index(name) for name in columns]
        header, rows = list(columns), ([row[i] for i in keep] for row in rows)
    if file_format == "xlsx":
        return xlsx_bytes([(kind, header, rows)])
    return csv_bytes(header, rows)


def template(kind: str, file_format: str) -> bytes:
    """The empty template of ``kind``: the expected columns and one example row."""
    return spreadsheet(kind, file_format, [[column.example for column in COLUMNS[kind]]])


def export(session: Session, consortium_id: int, kind: str, file_format: str, with_birth_dates: bool = False) -> bytes:
    """The consortium's records of ``kind`` as a file that imports back unchanged (students: without their
    exact home coordinates, and without dates of birth unless ``with_birth_dates``)."""
    return spreadsheet(kind, file_format, export_rows(session, consortium_id, kind),
                       export_columns(kind, with_birth_dates))
