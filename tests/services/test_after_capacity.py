"""A placement that has ended (ended early or completed) frees its slot's place for a re-match or a later round."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from wbl_match.models import AfterState, MatchRound, Placement, PlacementStatus, Role, RoundState
from wbl_match.models.base import utcnow
from wbl_match.services.placements import lifecycle
from wbl_match.services.rounds import publish_round, request_solve, run_round
from wbl_match.services.rounds import capacity
from wbl_match.services.rounds.invariants import breaches
from wbl_match.localisation import local_today
from tests.services.rounds_support import build_round


def _solve(session, round_id, **kw):
    return run_round(session, request_solve(session, None, round_id, **kw).id)


@pytest.fixture
def accepted_round(session, consortium, make_school, make_student, make_slot):
    """A published round of four students and two one-place slots, both offers accepted."""
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=4, slots=2, capacity=1)
    _solve(session, match_round.id)
    publish_round(session, None, match_round.id)
    offers = session.scalars(sa.select(Placement).where(Placement.round_id == match_round.id,
                                                        Placement.status == PlacementStatus.OFFERED)).all()
    for offer in offers:
        offer.status, offer.responded_at = PlacementStatus.ACCEPTED, utcnow()
    session.commit()
    return match_round, students, slots, sorted(offers, key=lambda p: p.id)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


def _end_early(session, coordinator, placement):
    progress = lifecycle.progress_of(session, placement)
    session.commit()
    lifecycle.end_early(session, coordinator, progress, "The student moved away.")
    return progress


def test_a_placement_ended_early_no_longer_holds_its_slots_place(session, coordinator, accepted_round):
    _round, _students, _slots, (ended, kept) = accepted_round
    assert capacity.places_used(session, [ended.slot_id, kept.slot_id]) == {ended.slot_id: 1, kept.slot_id: 1}
    _end_early(session, coordinator, ended)
    assert capacity.places_used(session, [ended.slot_id, kept.slot_id]) == {kept.slot_id: 1}
    assert capacity.capacity_floor(session, ended.slot) == 0
    # The row itself stays accepted, and the slot's history keeps it.
    assert session.get(Placement, ended.id).status is PlacementStatus.ACCEPTED
    assert [p.placement_id for p in lifecycle.slot_history(session, ended.slot)] == [ended.id]


def test_a_completed_placement_frees_its_place_too(session, coordinator, accepted_round):
    _round, _students, _slots, (done, _kept) = accepted_round
    progress = lifecycle.progress_of(session, done)
    progress.state, progress.started_at, progress.ended_on = AfterState.COMPLETED, utcnow(), local_today()
    session.commit()
    assert capacity.places_used(session, [done.slot_id]) == {}


def test_a_placement_under_way_still_holds_its_place(session, coordinator, accepted_round):
    _round, _students, _slots, (started, _kept) = accepted_round
    progress = lifecycle.progress_of(session, started)
    progress.state, progress.started_at = AfterState.STARTED, utcnow()
    session.commit()
    assert capacity.places_used(session, [started.slot_id]) == {started.slot_id: 1}


def test_a_rematch_fills_the_place_of_a_placement_ended_early_with_another_student(
        session, coordinator, accepted_round):
    match_round, students, _slots, (ended, kept) = accepted_round
    _end_early(session, coordinator, ended)
    run = _solve(session, match_round.id, rematch=True)
    # The student whose placement ended is left out; the freed slot goes to the engine with its one place.
    assert f"s-{ended.student_id}" not in {s["id"] for s in run.round_file["students"]}
    assert f"j-{ended.slot_id}" in {s["id"] for s in run.round_file["slots"]}
    assert f"j-{kept.slot_id}" not in {s["id"] for s in run.round_file["slots"]}
    fresh = session.scalars(sa.select(Placement).where(Placement.round_id == match_round.id,
                                                       Placement.status == PlacementStatus.PROPOSED)).all()
    assert [(p.slot_id) for p in fresh] == [ended.slot_id]
    assert fresh[0].student_id not in (ended.student_id, kept.student_id)
    assert publish_round(session, None, match_round.id).offers == 1
    assert breaches(session, match_round.consortium_id) == []
    assert [p.placement_id for p in lifecycle.slot_history(session, ended.slot)] == [ended.id]


def test_a_later_round_can_offer_the_place_a_placement_ended_early_left(session, consortium, coordinator,
                                                                        accepted_round, make_student):
    match_round, students, slots, (ended, kept) = accepted_round
    later = MatchRound(consortium_id=consortium.id, name="Autumn 2027", term_start=date(2027, 9, 6),
                       schools=[students[0].school], slots=slots, state=RoundState.CLOSED)
    session.add(later)
    session.commit()
    newcomer = make_student(school_id=students[0].school_id)
    pairs = [(newcomer.id, ended.slot_id, False), (newcomer.id, kept.slot_id, False)]
    kept_before, dropped = capacity.fit(session, later.id, pairs, verb="proposed")
    assert kept_before == set() and len(dropped) == 2
    session.rollback()
    _end_early(session, coordinator, ended)
    assert capacity.held_elsewhere(session, later.id, [ended.slot_id, kept.slot_id]) == {kept.slot_id: 1}
    fits, dropped = capacity.fit(session, later.id, pairs, verb="proposed")
    assert fits == {(newcomer.id, ended.slot_id)}
    assert [d.slot_id for d in dropped] == [kept.slot_id]
