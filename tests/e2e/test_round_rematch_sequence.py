"""In a real browser: publish, a decline, re-match, publish, an acceptance, re-match, solve again; the acceptance stays."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, sign_in
from tests.services.rounds_support import build_round


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def _publish(page) -> None:
    """Publish through the preview: it shows who is offered what, then the coordinator confirms."""
    page.get_by_role("button", name="Publish offers…").click()
    expect(page.get_by_role("heading", name="Who is offered what", exact=False)).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Publish [\d,]+ offers?$")).click()
    page.wait_for_load_state()


def _answer(page, round_id: int, placement_id: int, decision: str) -> None:
    page.goto(f"/intermediary/rounds/{round_id}/placements/{placement_id}")
    page.get_by_label(f"{decision} the offer").check()
    page.get_by_label("Reason, as the student gave it").fill("Told us by phone")
    _click(page, "Record the answer")


def _offer_of(session, round_id: int, student_id: int) -> Placement | None:
    session.expire_all()
    return session.scalar(sa.select(Placement).where(Placement.round_id == round_id,
                                                     Placement.student_id == student_id,
                                                     Placement.status == PlacementStatus.OFFERED))


@pytest.mark.e2e
def test_solving_again_after_two_rematches_keeps_the_accepted_placement_in_the_browser(
        page, session, consortium, make_school, make_student, make_slot, make_user):
    coordinator = make_user(Role.INTERMEDIARY)
    match_round, _students, _slots = build_round(session, consortium, make_school, make_student, make_slot,
                                                 students=3, slots=4, capacity=1)
    round_id = match_round.id
    page.set_viewport_size(DESKTOP)
    sign_in(page, coordinator.email, TEST_PASSWORD)
    page.goto(f"/intermediary/rounds/{round_id}")
    _click(page, "Solve")
    _publish(page)
    expect(page.get_by_text("Published: 3 offers made")).to_be_visible()
    first = session.scalars(sa.select(Placement).where(Placement.round_id == round_id).order_by(Placement.id)).first()
    _answer(page, round_id, first.id, "Decline")
    page.goto(f"/intermediary/rounds/{round_id}")
    _click(page, "Re-match declined and open places")
    _publish(page)
    new_offer = _offer_of(session, round_id, first.student_id)
    assert new_offer is not None and new_offer.slot_id != first.slot_id
    _answer(page, round_id, new_offer.id, "Accept")
    page.goto(f"/intermediary/rounds/{round_id}")
    _click(page, "Re-match declined and open places")

    _click(page, "Solve again")

    expect(page.locator("h1 .badge")).to_have_text("solved")
    expect(page.get_by_text("internal error")).to_have_count(0)
    session.expire_all()
    kept = session.get(Placement, new_offer.id)
    assert kept.status is PlacementStatus.ACCEPTED and kept.slot_id == new_offer.slot_id
    assert session.get(MatchRound, round_id).state is RoundState.SOLVED
    _publish(page)
    expect(page.get_by_text("Published:")).to_be_visible()
    page.goto(f"/intermediary/rounds/{round_id}/placements/{new_offer.id}")
    expect(page.get_by_text("This offer is accepted")).to_be_visible()
