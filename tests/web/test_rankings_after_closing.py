"""A ranking stays in sight once ranking closes: on the student's page, the coordinator's student page and Adjust."""
from __future__ import annotations

import pytest

from wbl_match.models import MatchRound, Preference, Role, RoundState
from tests.conftest import login


@pytest.fixture
def ranked(session, make_user, make_student, make_slot):
    """A student who ranked two slots in a round whose ranking has since closed."""
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, first_name="Rosa")
    first, second = make_slot(title="Vet clinic helper"), make_slot(title="Farm office assistant")
    match_round = MatchRound(consortium_id=student.consortium_id, name="Spring 2027", state=RoundState.OPEN,
                             max_ranked=3, slots=[first, second], schools=[student.school])
    session.add(match_round)
    session.flush()
    session.add_all([Preference(round_id=match_round.id, student_id=student.id, slot_id=second.id, rank=1),
                     Preference(round_id=match_round.id, student_id=student.id, slot_id=first.id, rank=2)])
    match_round.state = RoundState.CLOSED
    session.commit()
    return user, student, match_round


def _in_order(page: str, *texts: str) -> bool:
    positions = [page.find(text) for text in texts]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("state", [RoundState.CLOSED, RoundState.SOLVED, RoundState.PUBLISHED])
def test_the_student_still_sees_their_ranking_once_ranking_has_closed(client, session, ranked, state):
    user, _student, match_round = ranked
    match_round.state = state
    session.commit()
    login(client, user)
    page = client.get("/student/").get_data(as_text=True)
    assert "My rankings" in page and "ranking is closed" in page
    assert _in_order(page, "Spring 2027", "Farm office assistant", "Vet clinic helper")


def test_the_coordinators_student_page_shows_a_closed_rounds_ranking(client, signed_in, ranked):
    _user, student, _round = ranked
    signed_in(Role.INTERMEDIARY)
    page = client.get(f"/intermediary/students/{student.id}").get_data(as_text=True)
    assert "Spring 2027" in page and "ranking closed" in page
    assert _in_order(page, "Farm office assistant", "Vet clinic helper")


def test_the_adjust_page_shows_what_the_student_ranked(client, signed_in, ranked):
    _user, student, match_round = ranked
    signed_in(Role.INTERMEDIARY)
    page = client.get(f"/intermediary/rounds/{match_round.id}/adjust?student={student.id}").get_data(as_text=True)
    assert "What Rosa ranked" in page
    assert _in_order(page, "What Rosa ranked", "Farm office assistant", "Vet clinic helper", "Pin to a slot")


def test_a_draft_rounds_ranking_and_a_round_without_one_are_not_listed(client, session, ranked, make_school):
    user, student, match_round = ranked
    match_round.state = RoundState.DRAFT
    session.commit()
    login(client, user)
    assert "My rankings" not in client.get("/student/").get_data(as_text=True)
