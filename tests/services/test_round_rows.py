"""The bulk-loaded profile row and the ORM's student profile are one record: a test ties them together.

``round_rows.ProfileRow`` is read with plain queries for a round of 10,000 students; it must carry exactly
what the engine and the completeness rule read from a ``StudentProfile``, so that a solve, readiness and the
directory never judge the same student differently.
"""
from __future__ import annotations

import dataclasses
from datetime import date

import sqlalchemy as sa

from wbl_match.domain.profiles import profile_gaps
from wbl_match.models import MatchRound, RoundState, StudentProfile, TravelMode
from wbl_match.services.engine_io import engine_student
from wbl_match.services.rounds.round_rows import PROFILE_COLUMNS, ProfileRow, profile_rows


def test_every_column_a_profile_row_reads_is_a_column_of_the_student_profile_table():
    columns = set(sa.inspect(StudentProfile).columns.keys())
    assert set(PROFILE_COLUMNS) <= columns
    row_fields = [f.name for f in dataclasses.fields(ProfileRow)]
    assert row_fields[:len(PROFILE_COLUMNS)] == list(PROFILE_COLUMNS)


def test_a_loaded_row_gives_the_same_engine_student_and_the_same_gaps_as_the_orm_profile(
        session, consortium, make_school, make_student):
    school = make_school()
    students = [
        make_student(school_id=school.id, certifications=["cpr", "Lifeguard"], pathway_code="patient-care",
                     sectors=("health-science-medical-technology", "business-finance"),
                     availability=((0, 900, 1020), (2, 900, 1080))),
        make_student(school_id=school.id, travel_mode=None, max_km=None, max_minutes=None, sectors=(),
                     availability=(), date_of_birth=None),
        make_student(school_id=school.id, travel_mode=TravelMode.TRANSIT, max_km=None, max_minutes=45,
                     home_lat=None, home_lon=None),
    ]
    match_round = MatchRound(consortium_id=consortium.id, name="Rows", state=RoundState.CLOSED, schools=[school])
    session.add(match_round)
    session.commit()
    rows = {row.id: row for row in profile_rows(session, match_round)}
    assert set(rows) == {s.id for s in students}
    on = date(2027, 6, 14)
    for student in students:
        session.refresh(student)
        row = rows[student.id]
        assert engine_student(row, on=on, school_code=school.cds_code) == \
            engine_student(student, on=on, school_code=school.cds_code)
        assert profile_gaps(row) == profile_gaps(student)
        assert profile_gaps(row, sectors_required=False) == profile_gaps(student, sectors_required=False)
