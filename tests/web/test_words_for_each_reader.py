"""Pages speak to their reader: staff read reasons in the third person, students in the second; no internal
id, cost or code on a page; the product is called WBL Match; each role has a help page."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from wbl_match.models import MatchRound, Role, RoundState, SolveRun, SolveStatus
from tests.conftest import csrf_token_from
from tests.services.rounds_support import build_round

SECOND_PERSON = re.compile(r"\b(you|your)\b", re.IGNORECASE)


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


def _solved(client, session, consortium, make_school, make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=4, slots=2)
    page = f"/intermediary/rounds/{match_round.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    assert client.post(f"{page}/solve", data={"csrf_token": token}).status_code == 302
    return match_round, students, slots


def _unplaced_section(page: str) -> str:
    return page.split('id="unplaced"', 1)[1].split('id="placements"', 1)[0]


def test_the_review_gives_staff_the_reasons_in_the_third_person_and_no_slot_ids_or_costs(
        client, session, staff, consortium, make_school, make_student, make_slot):
    match_round, _, slots = _solved(client, session, consortium, make_school, make_student, make_slot)
    page = client.get(f"/intermediary/rounds/{match_round.id}/review").get_data(as_text=True)
    unplaced = _unplaced_section(page)
    assert "fit the student, but other students filled all the places" in unplaced
    assert not SECOND_PERSON.search(re.sub(r"<[^>]+>", " ", unplaced))
    assert not re.search(r"\bj-\d+", page) and "cost" not in page.lower()
    assert "Why this slot" in page and re.search(r"(not ranked|ranked \d+(st|nd|rd|th)), \d+\.\d mi", page)


def test_a_student_reads_the_same_reason_in_the_second_person_with_the_slot_named_and_miles(
        client, session, signed_in, make_student, make_slot):
    user = signed_in(Role.STUDENT)
    student = make_student(user_id=user.id)
    slot = make_slot(title="Clinic helper")
    match_round = MatchRound(consortium_id=student.consortium_id, name="Spring", state=RoundState.PUBLISHED,
                             schools=[student.school])
    session.add(match_round)
    session.flush()
    message = (f"1 slot needs hours when you are not free. The nearest one (slot j-{slot.id}, 3.4 km away) needs "
               "you free on Monday 15:00–16:00.")
    session.add(SolveRun(round_id=match_round.id, status=SolveStatus.SUCCEEDED, result={"unplaced": [
        {"student": f"s-{student.id}", "reasons": [{"code": "schedule_conflict", "slots": 1, "message": message}],
         "what_if": {"kind": "schedule", "slot": f"j-{slot.id}", "message": "Be free on Monday 15:00–16:00"}}]}))
    session.commit()
    page = client.get("/student/").get_data(as_text=True)
    assert "hours when you are not free" in page and f"Clinic helper at {slot.employer.name}" in page
    assert "2.1 mi away" in page and f"j-{slot.id}" not in page
    assert "Be free on Monday" in page


def test_every_page_is_titled_with_the_products_name(client, staff):
    page = client.get("/intermediary/").get_data(as_text=True)
    assert re.search(r"<title>[^<]*· WBL Match</title>", page) and ">WBL Match<" in page
    assert "wbl_match" not in page


@pytest.mark.parametrize("role, heading", [(Role.ADMIN, "Help for administrators"),
                                           (Role.INTERMEDIARY, "Help for coordinators"),
                                           (Role.EMPLOYER, "Help for employers"), (Role.STUDENT, "Help")])
def test_each_role_has_its_own_help_page_linked_from_the_menu(client, signed_in, role, heading):
    signed_in(role)
    page = client.get("/help").get_data(as_text=True)
    assert f"<h1>{heading}</h1>" in page and 'href="/help" aria-current="page"' in page


def test_the_help_page_asks_a_visitor_to_sign_in(client):
    response = client.get("/help")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
