"""Reads of students' records are audited like writes; API answers are never cached; the students export
carries the ZIP, not the exact home, and dates of birth only when asked (audited); coordinators can download
everything held about one student."""
from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa

from wbl_match.models import AuditEvent, Placement, PlacementStatus, Role, StudentDemographics
from wbl_match.models.rounds import MatchRound
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.bulk.exporting import export


def _events(session, action):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def _api_headers(session, consortium):
    from wbl_match.models import ApiToken
    from wbl_match.services.accounts.api_tokens import hash_token

    token = "wbl_reads-test-token-0001"
    session.add(ApiToken(consortium_id=consortium.id, name="sis", role=Role.INTERMEDIARY, prefix=token[:12],
                         token_hash=hash_token(token)))
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_answers_with_student_records_are_never_cached(client, session, consortium, make_student):
    student = make_student()
    headers = _api_headers(session, consortium)
    for url in ("/api/v1/students/", f"/api/v1/students/{student.id}"):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"


def test_api_reads_of_students_are_audited_with_the_token_and_the_ids(client, session, consortium, make_student):
    student = make_student()
    headers = _api_headers(session, consortium)
    client.get("/api/v1/students/", headers=headers)
    client.get(f"/api/v1/students/{student.id}", headers=headers)
    listed, = _events(session, "students.read")
    assert listed.details["student_ids"] == [student.id] and listed.details["api_token"]
    read, = _events(session, "student.read")
    assert (read.entity_type, read.entity_id) == ("student_profiles", student.id)


def test_viewing_a_students_page_is_audited(client, signed_in, session, make_student):
    staff = signed_in(Role.INTERMEDIARY)
    student = make_student()
    assert client.get(f"/intermediary/students/{student.id}").status_code == 200
    viewed, = _events(session, "student.viewed")
    assert (viewed.actor_id, viewed.entity_id) == (staff.id, student.id)


def test_the_students_export_carries_the_zip_and_no_coordinates_or_birth_dates(client, signed_in, session,
                                                                               make_student):
    signed_in(Role.INTERMEDIARY)
    make_student(home_lat=36.3412345, home_lon=-119.2987654)
    response = client.get("/intermediary/imports/export?kind=students&format=csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert "home_zip" in rows[0]
    assert not {"home_lat", "home_lon", "date_of_birth"} & set(rows[0])
    assert "36.3412345" not in response.get_data(as_text=True) and "2010-05-01" not in response.get_data(as_text=True)
    exported, = _events(session, "students.exported")
    assert exported.details["with_birth_dates"] is False


def test_dates_of_birth_are_exported_only_when_asked_and_that_is_audited(client, signed_in, session, make_student):
    signed_in(Role.INTERMEDIARY)
    make_student()
    response = client.get("/intermediary/imports/export?kind=students&format=csv&birth_dates=yes")
    assert "2010-05-01" in response.get_data(as_text=True)
    exported, = _events(session, "students.exported")
    assert exported.details["with_birth_dates"] is True and exported.details["count"] == 1


def test_the_export_without_coordinates_imports_back_keeping_each_homes_exact_position(session, make_user,
                                                                                       make_student):
    staff = make_user(Role.INTERMEDIARY)
    student = make_student(home_lat=36.3412345, home_lon=-119.2987654)
    job = start_import(session, staff, "students", "export.csv", export(session, staff.consortium_id, "students",
                                                                        "csv"))
    job = read_import(session, job.id)
    assert choose_mapping(session, staff, job, list(job.mapping)) == []
    job = run_import(session, job.id)
    assert (job.updated_count, job.unchanged_count) == (0, 1)
    session.refresh(student)
    assert (student.home_lat, student.home_lon) == (36.3412345, -119.2987654)


def test_a_coordinator_downloads_everything_held_about_one_student_and_it_is_audited(
        client, signed_in, session, consortium, make_student, make_slot, make_user):
    staff = signed_in(Role.INTERMEDIARY)
    account = make_user(Role.STUDENT, email="ana.student@example.org")
    student = make_student(user_id=account.id, first_name="Ana")
    other = make_student(first_name="Someone")
    session.add(StudentDemographics(student_id=student.id, gender="female"))
    match_round = MatchRound(consortium_id=consortium.id, name="Summer")
    session.add(match_round)
    session.flush()
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED))
    session.commit()
    response = client.get(f"/intermediary/students/{student.id}/everything.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    held = json.loads(response.get_data(as_text=True))["held"]
    assert held["student_profiles"][0]["first_name"] == "Ana"
    assert held["student_demographics"][0]["gender"] == "female"
    assert held["placements"][0]["status"] == "offered"
    assert held["users"][0]["email"] == "ana.student@example.org" and "password_hash" not in held["users"][0]
    assert {"student_sector_interests", "student_availability"} <= set(held)
    assert "Someone" not in response.get_data(as_text=True) and str(other.external_id) not in json.dumps(held)
    exported, = _events(session, "student.exported")
    assert (exported.actor_id, exported.entity_id) == (staff.id, student.id)


def test_administrators_and_employers_cannot_download_everything_about_a_student(client, signed_in, make_student):
    student = make_student()
    signed_in(Role.ADMIN)
    assert client.get(f"/intermediary/students/{student.id}/everything.json").status_code == 403
