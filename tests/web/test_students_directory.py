"""The intermediary's students directory: search, filters and pages in a bounded number of queries; a student's
page shows what staff need and not the exact home; withdrawal and reinstatement through the pages."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from wbl_match.extensions import db
from wbl_match.models import (
    AuditEvent, Role, StudentAvailability, StudentDemographics, StudentProfile, User,
)
from tests.conftest import csrf_token_from


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


def _names(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<th scope="row"><a href="/intermediary/students/\d+">([^<]+)</a>', html)


def _withdraw(client, student, data):
    url = f"/intermediary/students/{student.id}/withdraw"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_students_are_found_by_part_of_the_name_or_the_student_id(client, staff, make_student):
    make_student(first_name="Marisol", last_name="Vargas", external_id="7000000001")
    make_student(first_name="Ana", last_name="Ruiz", external_id="7000000002")
    assert _names(client.get("/intermediary/students?q=mari")) == ["Marisol Vargas"]
    assert _names(client.get("/intermediary/students?q=ruiz+ana")) == ["Ana Ruiz"]
    assert _names(client.get("/intermediary/students?q=000002")) == ["Ana Ruiz"]
    assert _names(client.get("/intermediary/students?q=%25")) == []  # a wildcard is searched for as a character


def test_students_are_filtered_by_school_grade_profile_and_whether_they_are_withdrawn(
        client, staff, session, make_school, make_student):
    from wbl_match.services.students.withdrawals import withdraw_student

    north, south = make_school(name="North High"), make_school(name="South High")
    make_student(first_name="Ana", last_name="A", school_id=north.id, grade=9)
    make_student(first_name="Ben", last_name="B", school_id=south.id, grade=12)
    make_student(first_name="Cam", last_name="C", school_id=south.id, grade=12, availability=())
    gone = make_student(first_name="Dee", last_name="D", school_id=north.id, grade=9)
    withdraw_student(session, staff, gone, "left_school")
    assert _names(client.get("/intermediary/students")) == ["Ana A", "Ben B", "Cam C"]
    assert _names(client.get(f"/intermediary/students?school={south.id}")) == ["Ben B", "Cam C"]
    assert _names(client.get("/intermediary/students?grade=9")) == ["Ana A"]
    assert _names(client.get("/intermediary/students?profile=incomplete")) == ["Cam C"]
    assert _names(client.get("/intermediary/students?profile=complete&grade=12")) == ["Ben B"]
    assert _names(client.get("/intermediary/students?status=withdrawn")) == ["Dee D"]
    assert _names(client.get("/intermediary/students?status=all&grade=9")) == ["Ana A", "Dee D"]
    assert client.get("/intermediary/students?grade=x&school=-1&status=nope&page=0").status_code == 200


def test_the_directory_is_paginated_and_keeps_the_filters_between_pages(client, staff, make_school, make_student):
    school = make_school()
    for n in range(30):
        make_student(first_name=f"Pat{n:02d}", last_name="Page", school_id=school.id)
    first = client.get("/intermediary/students?q=page")
    assert len(_names(first)) == 25
    html = first.get_data(as_text=True)
    assert "30 students" in html and "page 1 of 2" in html
    assert re.search(r'href="/intermediary/students\?page=2&amp;q=page"', html)
    second = client.get("/intermediary/students?q=page&page=2")
    assert _names(second) == [f"Pat{n:02d} Page" for n in range(25, 30)]
    assert _names(client.get("/intermediary/students?q=page&page=99")) == _names(second)  # the last page


def _statements(app, url, client) -> int:
    count = 0

    def counter(*_args, **_kwargs):
        nonlocal count
        count += 1

    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_a_page_of_the_directory_takes_the_same_few_queries_however_many_students(
        app, client, staff, make_school, make_student):
    school = make_school()
    make_student(school_id=school.id)
    few = _statements(app, "/intermediary/students", client)
    for _ in range(40):
        make_student(school_id=school.id)
    assert _statements(app, "/intermediary/students", client) == few <= 8


def test_the_student_page_shows_profile_rankings_placements_and_account_but_not_exact_home(
        client, staff, session, make_student, make_user):
    account = make_user(Role.STUDENT)
    student = make_student(first_name="Marisol", last_name="Vargas", home_zip="93291", home_lat=36.3312345,
                           home_lon=-119.2923456, user_id=account.id, certifications=["cpr"],
                           pathway_code="patient-care")
    html = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    assert "Marisol Vargas" in html and student.school.name in html and "93291" in html
    assert "Patient Care" in html and "Health Science" in html and "Mon 15:00–18:00" in html
    assert "Car, up to 12.4 mi" in html
    assert "Sign-in account</dt><dd>yes" in html
    assert "36.33" not in html and "119.29" not in html and account.email not in html


def test_demographics_are_shown_to_intermediaries_and_not_to_administrators(client, session, signed_in,
                                                                           make_student):
    student = make_student()
    session.add(StudentDemographics(student_id=student.id, gender="Female", foster_youth=True))
    session.commit()
    signed_in(Role.INTERMEDIARY)
    html = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    assert "Equity reporting" in html and "Foster youth</dt><dd>yes" in html
    client.post("/logout", data={"csrf_token": csrf_token_from(html)})
    signed_in(Role.ADMIN)
    html = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    assert student.display_name in html
    assert "Equity reporting" not in html and "Female" not in html


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.STUDENT])
def test_employers_and_students_cannot_reach_the_directory_or_a_student_page(client, signed_in, make_student,
                                                                             role):
    student = make_student()
    signed_in(role)
    for url in ("/intermediary/students", f"/intermediary/students/{student.id}",
                f"/intermediary/students/{student.id}/withdraw"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert student.display_name not in response.get_data(as_text=True)


def test_another_consortiums_student_is_not_found(client, staff, make_consortium, make_school, make_student):
    other = make_consortium()
    theirs = make_student(consortium_id=other.id, school_id=make_school(consortium_id=other.id).id)
    for url in (f"/intermediary/students/{theirs.id}", f"/intermediary/students/{theirs.id}/withdraw"):
        assert client.get(url).status_code == 404
    page = client.get("/intermediary/students").get_data(as_text=True)
    assert client.post(f"/intermediary/students/{theirs.id}/reinstate",
                       data={"csrf_token": csrf_token_from(page)}).status_code == 404
    assert theirs.display_name not in client.get(f"/intermediary/students?q={theirs.first_name}").get_data(
        as_text=True)


def test_withdrawing_on_the_web_asks_for_a_reason_then_withdraws_and_says_what_it_did(
        client, staff, session, make_student, make_user):
    account = make_user(Role.STUDENT)
    student = make_student(user_id=account.id)
    form = client.get(f"/intermediary/students/{student.id}/withdraw").get_data(as_text=True)
    assert "sign-in account is switched off" in form
    response = _withdraw(client, student, {"reason": "left_programme"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is withdrawn: 0 placements withdrawn, 0 ranked slots removed, sign-in account switched off" in page
    assert "Left the programme" in page and "Reinstate" in page
    session.expire_all()
    assert session.get(StudentProfile, student.id).is_withdrawn
    assert session.get(User, account.id).is_active is False


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "reason", "Choose why the student is withdrawn."),
    ({"reason": "other", "note": "  "}, "note", "Say why, in a few words."),
])
def test_a_withdrawal_without_its_reason_shows_a_message_beside_the_field_and_writes_nothing(
        client, staff, session, make_student, data, field, message):
    student = make_student()
    response = _withdraw(client, student, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(rf'id="{field}-error" class="field-error">{re.escape(message)}', html)
    session.expire_all()
    assert session.get(StudentProfile, student.id).withdrawn_at is None
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "student.withdrawn")) == 0


def test_withdrawing_a_withdrawn_student_again_is_refused_with_a_clear_message(client, staff, make_student):
    student = make_student()
    assert _withdraw(client, student, {"reason": "left_school"}).status_code == 302
    page = client.get(f"/intermediary/students/{student.id}/withdraw").get_data(as_text=True)
    assert "was already withdrawn on" in page and "<form method=\"post\" novalidate" not in page
    response = client.post(f"/intermediary/students/{student.id}/withdraw",
                           data={"csrf_token": csrf_token_from(page), "reason": "other", "note": "again"})
    assert response.status_code == 409
    assert "was already withdrawn on" in response.get_data(as_text=True)


def test_reinstating_on_the_web_brings_the_student_back_into_the_active_list(client, staff, session, make_student):
    student = make_student(first_name="Rey", last_name="Back")
    _withdraw(client, student, {"reason": "family_request"})
    assert _names(client.get("/intermediary/students")) == []
    page = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    response = client.post(f"/intermediary/students/{student.id}/reinstate",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert "takes part again" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _names(client.get("/intermediary/students")) == ["Rey Back"]


def test_students_is_in_the_intermediarys_navigation(client, staff):
    html = client.get("/intermediary/").get_data(as_text=True)
    assert '<a href="/intermediary/students">Students</a>' in html


def test_the_directorys_complete_flag_agrees_with_the_profile_rule(session, make_student):
    # Guards the directory's "complete" SQL against drift from domain.profiles.profile_is_complete.
    from wbl_match.domain.profiles import profile_is_complete
    from wbl_match.services.students.directory import complete_profile_clause

    complete, partial = make_student(), make_student(availability=())
    flags = dict(session.execute(sa.select(StudentProfile.id, complete_profile_clause())).all())
    assert {k: bool(v) for k, v in flags.items()} == {complete.id: profile_is_complete(complete),
                                                      partial.id: profile_is_complete(partial)}
    assert session.query(StudentAvailability).filter_by(student_id=partial.id).count() == 0


def test_the_student_page_lists_rankings_in_open_rounds_and_placements_with_their_status(
        client, staff, session, consortium, make_school, make_student, make_slot):
    from wbl_match.models import MatchRound, Placement, PlacementStatus, Preference, RoundState
    from tests.services.rounds_support import build_round

    spring, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                        state=RoundState.OPEN)
    slots[0].title, slots[1].title = "Clinic front desk", "Pharmacy helper"
    summer = MatchRound(consortium_id=consortium.id, name="Published round", state=RoundState.PUBLISHED,
                        schools=spring.schools, slots=slots)
    session.add(summer)
    session.flush()
    student = people[0]
    session.add_all([Preference(round_id=spring.id, student_id=student.id, slot_id=slots[1].id, rank=1),
                     Preference(round_id=spring.id, student_id=student.id, slot_id=slots[0].id, rank=2),
                     Placement(round_id=summer.id, student_id=student.id, slot_id=slots[0].id,
                               status=PlacementStatus.OFFERED)])
    session.commit()
    html = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    rankings = html.split("<h2>Rankings</h2>", 1)[1].split("<h2>Placements", 1)[0]
    assert spring.name in rankings and "Published round" not in rankings  # it holds no ranking of theirs
    assert rankings.index("Pharmacy helper") < rankings.index("Clinic front desk")
    placements = html.split("<h2>Placements", 1)[1]
    assert "Published round" in placements and "Clinic front desk" in placements
    assert 'class="badge badge-offered">offered' in placements
