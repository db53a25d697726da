"""The roster's language columns: the student's and the guardian's language, in any usual spelling."""
from __future__ import annotations

import pytest

from wbl_match.models import ImportStatus, Role, StudentProfile
from wbl_match.services.bulk.exporting import export
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import


@pytest.fixture
def staff(make_user):
    return make_user(Role.INTERMEDIARY)


def _import(session, staff, data: str):
    job = start_import(session, staff, "students", "roster.csv", data.encode())
    job = read_import(session, job.id)  # the background job reads the file once
    assert choose_mapping(session, staff, job, list(job.mapping)) == []
    return run_import(session, job.id)


def test_the_roster_sets_each_students_and_guardians_language(session, staff, make_school):
    school = make_school()
    job = _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Idioma,Parent language\n"
                                  f"A1,{school.cds_code},Ana,Ruiz,11,93291,Español,spanish\n"
                                  f"A2,{school.cds_code},Ben,Ortiz,11,93291,en,es-MX\n"
                                  f"A3,{school.cds_code},Cy,Diaz,11,93291,,\n")
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    found = {s.external_id: (s.language, s.guardian_language) for s in session.query(StudentProfile)}
    assert found == {"A1": ("es", "es"), "A2": ("en", "es"), "A3": (None, None)}


def test_a_language_the_service_does_not_speak_is_reported_with_its_row_and_column(session, staff, make_school):
    school = make_school()
    job = _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Language\n"
                                  f"A1,{school.cds_code},Ana,Ruiz,11,93291,Hmong\n")
    assert job.status is ImportStatus.INVALID
    assert [(p["row"], p["column"]) for p in job.problems] == [(2, "Language")]
    assert "'Hmong' is not a language the service speaks" in job.problems[0]["message"]
    assert session.query(StudentProfile).count() == 0


def test_a_reimport_without_the_language_columns_keeps_the_languages(session, staff, make_school):
    school = make_school()
    _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Language,Guardian language\n"
                            f"A1,{school.cds_code},Ana,Ruiz,11,93291,es,es\n")
    _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP\n"
                            f"A1,{school.cds_code},Ana,Ruiz,12,93291\n")
    student = session.query(StudentProfile).one()
    assert (student.grade, student.language, student.guardian_language) == (12, "es", "es")


def test_the_export_carries_the_languages_back(session, staff, make_school):
    school = make_school()
    _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Language,Guardian language\n"
                            f"A1,{school.cds_code},Ana,Ruiz,11,93291,es,en\n")
    lines = export(session, staff.consortium_id, "students", "csv").decode("utf-8-sig").splitlines()
    assert lines[0].endswith("language,guardian_language,phone,guardian_phone,guardian_email")
    assert lines[1].endswith(",es,en,,,")


def test_the_roster_carries_the_students_and_the_guardians_phone_numbers(session, staff, make_school):
    school = make_school()
    job = _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Cell,Parent phone\n"
                                  f"A1,{school.cds_code},Ana,Ruiz,11,93291,(559) 555-0101,559-555-0102\n")
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    student = session.query(StudentProfile).one()
    assert (student.phone, student.guardian_phone) == ("(559) 555-0101", "559-555-0102")


def test_the_roster_carries_the_guardians_e_mail_there_and_back(session, staff, make_school):
    school = make_school()
    job = _import(session, staff, "Student ID,School,First name,Last name,Grade,Home ZIP,Parent email\n"
                                  f"A1,{school.cds_code},Ana,Ruiz,11,93291,R.Ruiz@Example.org\n")
    assert job.status is ImportStatus.SUCCEEDED, job.problems
    assert session.query(StudentProfile).one().guardian_email == "r.ruiz@example.org"
    lines = export(session, staff.consortium_id, "students", "csv").decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",guardian_email") and lines[1].endswith(",r.ruiz@example.org")
