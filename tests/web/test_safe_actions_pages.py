"""Irreversible actions ask first through the pages; the undo buttons appear only when they can work."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from wbl_match.models import MatchRound, OutboxMessage, Placement, PlacementStatus, Role, RoundState, Slot, SlotStatus
from wbl_match.models.base import utcnow
from wbl_match.services.rounds import publish_round, request_solve, run_round
from tests.conftest import csrf_token_from
from tests.services.rounds_support import build_round


@pytest.fixture
def solved(session, consortium, make_school, make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot)
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round


def _token(client, url) -> str:
    return csrf_token_from(client.get(url).get_data(as_text=True))


def test_publishing_goes_through_a_preview_that_sends_nothing_until_confirmed(client, session, signed_in, solved):
    signed_in(Role.INTERMEDIARY)
    detail = client.get(f"/intermediary/rounds/{solved.id}").get_data(as_text=True)
    assert f'href="/intermediary/rounds/{solved.id}/publish" role="button">Publish offers…' in detail
    preview_url = f"/intermediary/rounds/{solved.id}/publish"
    preview = client.get(preview_url).get_data(as_text=True)
    assert "Who is offered what (2)" in preview and "Who cannot be reached by e-mail (0)" in preview
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    response = client.post(preview_url, data={"csrf_token": _token(client, preview_url), "offers": "2"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(MatchRound, solved.id).state is RoundState.PUBLISHED


def test_a_preview_gone_stale_sends_the_coordinator_back_to_it(client, session, signed_in, solved):
    signed_in(Role.INTERMEDIARY)
    preview_url = f"/intermediary/rounds/{solved.id}/publish"
    response = client.post(preview_url, data={"csrf_token": _token(client, preview_url), "offers": "5"})
    assert response.status_code == 302 and response.headers["Location"].endswith(preview_url)
    session.expire_all()
    assert session.get(MatchRound, solved.id).state is RoundState.SOLVED


def test_the_preview_of_a_round_that_cannot_be_published_says_why(client, session, signed_in, consortium,
                                                                  make_school, make_student, make_slot):
    signed_in(Role.INTERMEDIARY)
    closed, *_ = build_round(session, consortium, make_school, make_student, make_slot)
    response = client.get(f"/intermediary/rounds/{closed.id}/publish")
    assert response.status_code == 302
    assert "cannot be published until it is solved" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_archiving_asks_first_and_says_what_happens(client, session, signed_in, solved, make_user):
    signed_in(Role.INTERMEDIARY)
    publish_round(session, make_user(Role.INTERMEDIARY), solved.id)
    page = client.get(f"/intermediary/rounds/{solved.id}/archive").get_data(as_text=True)
    assert "What will happen" in page and "2 open offers can no longer be answered" in page
    token = csrf_token_from(page)
    client.post(f"/intermediary/rounds/{solved.id}/state", data={"csrf_token": token, "action": "archive"})
    session.expire_all()
    assert session.get(MatchRound, solved.id).state is RoundState.ARCHIVED


def test_an_employer_confirms_closing_and_deleting_and_a_slot_of_a_round_offers_no_delete(
        client, session, signed_in, make_slot, solved):
    user = signed_in(Role.EMPLOYER)
    draft = make_slot(employer_id=user.employer_id, status=SlotStatus.DRAFT, title="Spare desk")
    home = client.get("/employer/").get_data(as_text=True)
    assert f'href="/employer/slots/{draft.id}/delete" role="button"' in home
    draft_id = draft.id
    page = client.get(f"/employer/slots/{draft_id}/delete").get_data(as_text=True)
    assert "deleted for good" in page and "Delete the slot" in page
    client.post(f"/employer/slots/{draft_id}/delete", data={"csrf_token": csrf_token_from(page)})
    session.expire_all()
    assert session.get(Slot, draft_id) is None
    in_round = solved.slots[0]
    in_round.employer_id = user.employer_id
    session.commit()
    page = client.get(f"/employer/slots/{in_round.id}/delete").get_data(as_text=True)
    assert "cannot be deleted. Close it instead." in page and "Delete the slot" not in page
    page = client.get(f"/employer/slots/{in_round.id}/close").get_data(as_text=True)
    assert "You can open it again at any time." in page
    response = client.post(f"/employer/slots/{in_round.id}/close", data={"csrf_token": csrf_token_from(page)})
    assert "To undo" in client.get(response.headers["Location"]).get_data(as_text=True)
    session.expire_all()
    assert session.get(Slot, in_round.id).status is SlotStatus.CLOSED


def test_a_student_confirms_a_decline_and_can_take_it_back(client, session, signed_in, solved, make_user):
    publish_round(session, make_user(Role.INTERMEDIARY), solved.id)
    user = signed_in(Role.STUDENT)
    placement = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    placement.student.user_id = user.id
    session.commit()
    url = f"/student/placements/{placement.id}"
    assert f'href="{url}/decline"' in client.get(url).get_data(as_text=True)
    confirm = client.get(f"{url}/decline").get_data(as_text=True)
    assert "You give up your place" in confirm and "Yes, decline it" in confirm
    client.post(f"{url}/respond", data={"csrf_token": csrf_token_from(confirm), "answer": "decline"})
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.DECLINED
    page = client.get(url).get_data(as_text=True)
    assert "Take my decline back" in page
    client.post(f"{url}/undo-decline", data={"csrf_token": csrf_token_from(page)})
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.OFFERED


def test_no_undo_is_offered_once_the_deadline_has_passed(client, session, signed_in, solved, make_user):
    publish_round(session, make_user(Role.INTERMEDIARY), solved.id)
    user = signed_in(Role.STUDENT)
    placement = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    placement.student.user_id = user.id
    placement.status, placement.expires_at = PlacementStatus.DECLINED, utcnow()
    session.commit()
    assert "Take my decline back" not in client.get(f"/student/placements/{placement.id}").get_data(as_text=True)


def test_staff_take_a_decline_back_for_a_student(client, session, signed_in, solved, make_user):
    publish_round(session, make_user(Role.INTERMEDIARY), solved.id)
    signed_in(Role.INTERMEDIARY)
    placement = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    placement.status = PlacementStatus.DECLINED
    session.commit()
    url = f"/intermediary/rounds/{solved.id}/placements/{placement.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Take the decline back" in page
    client.post(f"{url}/undo-decline", data={"csrf_token": csrf_token_from(page)})
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.OFFERED
