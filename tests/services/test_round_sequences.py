"""Sequences of round actions that broke a round once, through the services: each must keep the round whole.

These use only the services every door calls (no helper of the state-machine test), so that each shows
the defect on the code before its fix.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from wbl_match.models import ACTIVE_PLACEMENT_STATUSES, Placement, PlacementStatus, Role, RoundState, SolveStatus
from wbl_match.services.rounds import publish_round, request_solve, run_round
from wbl_match.services.rounds.offers import respond_to_offer
from tests.services.rounds_support import build_round


def _solve(session, round_id, **kw):
    return run_round(session, request_solve(session, None, round_id, **kw).id)


def _live(session, round_id):
    return session.scalars(sa.select(Placement).where(Placement.round_id == round_id,
                                                      Placement.status.in_(ACTIVE_PLACEMENT_STATUSES))
                           .order_by(Placement.id)).all()


def _answer(session, staff, placement, accept):
    return respond_to_offer(session, staff, session.get(Placement, placement.id), accept, "Told us by phone")


def test_solving_again_after_a_rematch_keeps_the_placement_a_student_accepted(
        session, consortium, make_school, make_student, make_slot, make_user):
    staff = make_user(Role.INTERMEDIARY)
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=3, slots=4, capacity=1)
    round_id = match_round.id
    assert _solve(session, round_id).status is SolveStatus.SUCCEEDED
    publish_round(session, staff, round_id)
    first = _live(session, round_id)[0]
    student_id, declined_slot = first.student_id, first.slot_id
    _answer(session, staff, first, accept=False)
    assert _solve(session, round_id, rematch=True).status is SolveStatus.SUCCEEDED
    publish_round(session, staff, round_id)
    new_offer = session.scalar(sa.select(Placement).where(Placement.round_id == round_id,
                                                          Placement.student_id == student_id,
                                                          Placement.status == PlacementStatus.OFFERED))
    assert new_offer is not None and new_offer.slot_id != declined_slot
    _answer(session, staff, new_offer, accept=True)
    assert _solve(session, round_id, rematch=True).status is SolveStatus.SUCCEEDED

    again = _solve(session, round_id)  # "Solve again" on the re-matched, solved round

    assert again.status is SolveStatus.SUCCEEDED, again.error
    session.expire_all()
    assert session.get(Placement, new_offer.id).status is PlacementStatus.ACCEPTED
    assert session.get(Placement, new_offer.id).slot_id == new_offer.slot_id
    live = _live(session, round_id)
    assert len({p.student_id for p in live}) == len(live)  # one live placement per student
    assert session.get(type(match_round), round_id).state is RoundState.SOLVED
    publish_round(session, staff, round_id)
    assert session.get(Placement, new_offer.id).status is PlacementStatus.ACCEPTED


def test_a_second_round_over_the_same_slots_offers_only_the_places_left(
        session, consortium, make_school, make_student, make_slot, make_user):
    staff = make_user(Role.INTERMEDIARY)
    first, _students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                          students=3, slots=2, capacity=1)
    _solve(session, first.id)
    publish_round(session, staff, first.id)
    second, _others, _ = build_round(session, consortium, make_school, make_student, make_slot,
                                     students=3, slots=0)
    second.slots = list(slots)
    session.commit()

    _solve(session, second.id)
    publish_round(session, staff, second.id)

    for slot in slots:
        held = session.scalar(sa.select(sa.func.count(Placement.id)).where(
            Placement.slot_id == slot.id, Placement.status.in_(ACTIVE_PLACEMENT_STATUSES)))
        assert held <= slot.capacity


def test_a_slot_closed_after_the_solve_is_not_offered(session, consortium, make_school, make_student, make_slot,
                                                       make_user):
    from wbl_match.services.employers.slots import close_slot

    staff = make_user(Role.INTERMEDIARY)
    match_round, _students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                                students=2, slots=2, capacity=1)
    _solve(session, match_round.id)
    close_slot(session, staff, slots[0])

    published = publish_round(session, staff, match_round.id)

    offered = {p.slot_id for p in _live(session, match_round.id) if p.status is PlacementStatus.OFFERED}
    assert slots[0].id not in offered and published.offers == 1
    assert [d.reason for d in published.dropped] == ["not offered: the slot was closed"]


def test_a_pin_beside_full_proposals_never_offers_more_places_than_the_slot_has(
        session, consortium, make_school, make_student, make_slot, make_user):
    from wbl_match.services.rounds import pin_student

    staff = make_user(Role.INTERMEDIARY)
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=3, slots=1, capacity=2)
    _solve(session, match_round.id)
    placed = {p.student_id for p in _live(session, match_round.id)}
    outsider = next(s for s in students if s.id not in placed)
    pin_student(session, staff, match_round.id, outsider.id, slots[0].id)

    publish_round(session, staff, match_round.id)

    offers = [p for p in _live(session, match_round.id) if p.status is PlacementStatus.OFFERED]
    assert len(offers) <= slots[0].capacity
    assert outsider.id in {p.student_id for p in offers}  # the pin comes first


def test_lowering_a_capacity_drops_the_proposals_beyond_it_and_never_goes_below_the_offers(
        session, consortium, make_school, make_student, make_slot, make_user):
    from wbl_match.services.employers.slot_records import save_slot
    from wbl_match.services.record_fields import RecordError

    staff = make_user(Role.INTERMEDIARY)
    match_round, _students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                                students=3, slots=1, capacity=3)
    _solve(session, match_round.id)
    assert len(_live(session, match_round.id)) == 3

    save_slot(session, staff, consortium.id, {"capacity": 2}, slots[0])

    assert len(_live(session, match_round.id)) == 2
    publish_round(session, staff, match_round.id)
    with pytest.raises(RecordError) as refused:
        save_slot(session, staff, consortium.id, {"capacity": 1}, slots[0])
    assert "2 students already hold an offer or a place" in refused.value.errors["capacity"][0]
    assert session.get(type(slots[0]), slots[0].id, populate_existing=True).capacity == 2
