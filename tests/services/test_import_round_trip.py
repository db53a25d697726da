"""An export imports back unchanged: CSV is read and written in one explicit dialect (RFC 4180), and a
property test round-trips generated records with quotes, commas, line breaks, accents and formula-like text
through export and import, for every kind and both formats."""
from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbl_match.models import (
    Employer, EmployerContact, ImportStatus, Role, Slot, SlotShift, SlotStatus, StudentProfile, TravelMode,
)
from wbl_match.services.bulk.exporting import export
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.bulk.readers import FileProblem, read_table
from wbl_match.services.bulk.spreadsheets import csv_bytes

#: Letters, digits and the characters that break naive CSV handling, accents and formula starts included.
ALPHABET = string.ascii_letters + string.digits + " \"',;\n\r\t=+-@'éñüçÅ’“”&#/()."
TEXT = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
LOWER = st.text(string.ascii_lowercase + string.digits + " \"',;=+-@.éñ", min_size=1, max_size=30) \
    .map(str.strip).filter(bool)
FORMULA_LIKE = st.sampled_from(["=1+2", "+33 6 12", "-5", "@SUM(A1)", "=HYPERLINK(\"x\",\"y\")", "'=kept",
                                "'plain", "Smith \"Best\" Farms", "a,b", "line\nbreak", "crlf\r\nbreak"])
CELL = st.one_of(TEXT, FORMULA_LIKE)
IDS = st.lists(CELL, min_size=1, max_size=4, unique=True)
SETTINGS = settings(max_examples=15, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _reimport(session, user, kind, data):
    job = start_import(session, user, kind, f"{kind}-export", data)
    job = read_import(session, job.id)  # the background job reads the file once
    run_import(session, job.id) if choose_mapping(session, user, job, list(job.mapping)) == [] else None
    return session.get(type(job), job.id)


def _snapshot(rows):
    return [tuple(row) for row in rows]


@pytest.fixture
def fresh(make_consortium, make_user, make_school):
    """A new consortium with a school and a coordinator for each generated example."""

    def make():
        consortium = make_consortium()
        school = make_school(consortium_id=consortium.id, cds_code=f"5472{consortium.id:010d}")
        return consortium, school, make_user(Role.INTERMEDIARY, consortium_id=consortium.id)

    return make


@SETTINGS
@given(ids=IDS, names=st.lists(st.tuples(CELL, CELL, LOWER), min_size=4, max_size=4),
       file_format=st.sampled_from(["csv", "xlsx"]))
def test_students_with_any_text_come_back_from_their_export_unchanged(session, fresh, ids, names, file_format):
    consortium, school, user = fresh()
    for external_id, (first, last, email) in zip(ids, names):
        session.add(StudentProfile(consortium_id=consortium.id, external_id=external_id, school_id=school.id,
                                   first_name=first, last_name=last, email=email, grade=11,
                                   date_of_birth=date(2010, 5, 1), home_zip="93291", home_lat=36.33,
                                   home_lon=-119.29, travel_mode=TravelMode.CAR, max_km=20.0))
    session.commit()
    before = _snapshot(session.query(StudentProfile.external_id, StudentProfile.first_name,
                                     StudentProfile.last_name, StudentProfile.email)
                       .filter_by(consortium_id=consortium.id).order_by(StudentProfile.external_id))
    job = _reimport(session, user, "students", export(session, consortium.id, "students", file_format))
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, len(ids))
    after = _snapshot(session.query(StudentProfile.external_id, StudentProfile.first_name,
                                    StudentProfile.last_name, StudentProfile.email)
                      .filter_by(consortium_id=consortium.id).order_by(StudentProfile.external_id))
    assert after == before


@SETTINGS
@given(ids=IDS, texts=st.lists(st.tuples(CELL, CELL, CELL, CELL, CELL, CELL, CELL, LOWER, CELL),
                               min_size=4, max_size=4),
       file_format=st.sampled_from(["csv", "xlsx"]))
def test_employers_with_any_text_come_back_from_their_export_unchanged(session, fresh, ids, texts, file_format):
    consortium, _, user = fresh()
    for external_id, (name, description, website, address, city, contact, title, email, phone) in zip(ids, texts):
        employer = Employer(consortium_id=consortium.id, external_id=external_id, name=name,
                            description=description, website=website, address=address, city=city, zip="93291")
        employer.contacts = [EmployerContact(is_primary=True, name=contact, title=title, email=email, phone=phone)]
        session.add(employer)
    session.commit()

    def snapshot():
        employers = session.query(Employer).filter_by(consortium_id=consortium.id).order_by(Employer.external_id)
        return [(e.external_id, e.name, e.description, e.website, e.address, e.city, e.zip,
                 *[(c.name, c.title, c.email, c.phone) for c in e.contacts]) for e in employers]

    before = snapshot()
    job = _reimport(session, user, "employers", export(session, consortium.id, "employers", file_format))
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, len(ids))
    session.expire_all()
    assert snapshot() == before


@SETTINGS
@given(employer_id=CELL, ids=IDS, texts=st.lists(st.tuples(CELL, CELL, CELL, CELL, CELL), min_size=4, max_size=4),
       file_format=st.sampled_from(["csv", "xlsx"]))
def test_slots_with_any_text_come_back_from_their_export_unchanged(session, fresh, employer_id, ids, texts,
                                                                    file_format):
    consortium, _, user = fresh()
    employer = Employer(consortium_id=consortium.id, external_id=employer_id, name="Host", city="Visalia")
    session.add(employer)
    session.flush()
    for external_id, (title, description, address, city, bring) in zip(ids, texts):
        slot = Slot(consortium_id=consortium.id, employer_id=employer.id, external_id=external_id, title=title,
                    description=description, site_address=address, site_city=city, site_zip="93291",
                    site_lat=36.33, site_lon=-119.29, what_to_bring=bring, capacity=2,
                    sector_code="health-science-medical-technology", status=SlotStatus.DRAFT,
                    term_start=date(2027, 6, 14), term_end=date(2027, 7, 30))
        slot.shifts = [SlotShift(day=0, start_minute=15 * 60, end_minute=17 * 60)]
        session.add(slot)
    session.commit()

    def snapshot():
        slots = session.query(Slot).filter_by(consortium_id=consortium.id).order_by(Slot.external_id)
        return [(s.external_id, s.title, s.description, s.site_address, s.site_city, s.what_to_bring) for s in slots]

    before = snapshot()
    job = _reimport(session, user, "slots", export(session, consortium.id, "slots", file_format))
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, len(ids))
    session.expire_all()
    assert snapshot() == before


def test_a_quoted_cell_after_the_first_8_kb_does_not_shift_the_columns():
    rows = [[f"E{n}", f"Employer {n}", "Visalia"] for n in range(400)]
    rows.append(["E400", 'Smith "Best" Farms, Inc.', "Tulare"])
    table = read_table(csv_bytes(["employer_id", "name", "city"], rows))
    assert table.rows[-1] == ["E400", 'Smith "Best" Farms, Inc.', "Tulare"]
    assert all(len(row) == 3 for row in table.rows)


def test_an_unquoted_cell_with_a_quote_inside_is_read_as_written():
    table = read_table(b'employer_id,name,city\nE1,Smith "Best" Farms,Tulare\n')
    assert table.rows == [["E1", 'Smith "Best" Farms', "Tulare"]]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_semicolon_or_tab_separated_file_is_read_by_its_header(delimiter):
    data = delimiter.join(["employer_id", "name", "city"]) + "\n" + delimiter.join(["E1", "A, B", "X"]) + "\n"
    assert read_table(data.encode()).rows == [["E1", "A, B", "X"]]


def test_a_pdf_uploaded_as_csv_is_refused_with_a_clear_message():
    pdf = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\nStudent ID,First name\nendstream\n%%EOF\n"
    with pytest.raises(FileProblem, match="This is a PDF file, not a CSV or XLSX file"):
        read_table(pdf)


def test_a_binary_file_without_nul_bytes_is_refused_as_not_a_csv():
    with pytest.raises(FileProblem, match="not a CSV or XLSX file"):
        read_table(b"a,b\n" + bytes(range(1, 9)) * 4 + b"\n")
