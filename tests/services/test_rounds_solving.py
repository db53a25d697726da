"""Solving: one solve at a time, nothing partial after a crash, pins, exclusions and re-match."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from wbl_match.extensions import db
from wbl_match.models import (
    Mechanism, Placement, PlacementStatus, RoundExclusion, RoundState, SolveRun, SolveStatus,
)
from wbl_match.models.base import utcnow
from wbl_match.services.rounds import (
    RoundError, exclude_pair, pin_student, publish_round, request_solve, run_round, unpin,
)
from wbl_match.services.rounds import running, solving
from tests.services.rounds_support import build_round


@pytest.fixture
def small_round(session, consortium, make_school, make_student, make_slot):
    return build_round(session, consortium, make_school, make_student, make_slot)


def _solve(session, round_id, **kw):
    return run_round(session, request_solve(session, None, round_id, **kw).id)


def _active(session):
    return session.scalars(sa.select(Placement).where(Placement.status.in_(
        (PlacementStatus.PROPOSED, PlacementStatus.OFFERED, PlacementStatus.ACCEPTED)))
        .order_by(Placement.student_id)).all()


def test_two_concurrent_solve_requests_run_exactly_one(app, session, small_round):
    round_id = small_round[0].id
    barrier, outcomes = threading.Barrier(2), []

    def request():
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(request_solve(db.session, None, round_id).id)
            except RoundError as error:
                outcomes.append(error.message)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    accepted = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(accepted) == 1 and refused == ["A solve of this round is already running. Wait for it to finish, or cancel it."]
    assert session.scalar(sa.select(sa.func.count(SolveRun.id))) == 1


def test_the_database_refuses_a_second_active_solve_of_a_round(session, small_round):
    round_id = small_round[0].id
    session.add_all([SolveRun(round_id=round_id, status=SolveStatus.QUEUED),
                     SolveRun(round_id=round_id, status=SolveStatus.RUNNING)])
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_a_second_request_while_a_solve_is_queued_is_refused_with_a_clear_message(session, small_round):
    request_solve(session, None, small_round[0].id)
    with pytest.raises(RoundError, match="already running"):
        request_solve(session, None, small_round[0].id)


def test_a_solve_lost_long_ago_does_not_block_the_round_for_ever(session, small_round):
    run = request_solve(session, None, small_round[0].id)
    run.requested_at = utcnow() - solving.STALE_AFTER * 2
    session.commit()
    second = request_solve(session, None, small_round[0].id)
    assert session.get(SolveRun, run.id).status is SolveStatus.FAILED and second.status is SolveStatus.QUEUED


def test_a_solve_killed_mid_write_leaves_no_placements_and_the_round_can_be_solved_again(
        session, small_round, monkeypatch):
    match_round = small_round[0]
    calls = []

    def insert_then_die(session_, rows):
        session_.execute(sa.insert(Placement), rows[:1])
        calls.append(0)
        raise RuntimeError("worker killed")

    monkeypatch.setattr(running, "insert_placements", insert_then_die)
    run = _solve(session, match_round.id)
    assert calls == [0]  # one row was written before the crash
    assert run.status is SolveStatus.FAILED and "internal error" in run.error
    assert session.scalar(sa.select(sa.func.count(Placement.id))) == 0
    assert match_round.state is RoundState.CLOSED
    monkeypatch.undo()
    again = _solve(session, match_round.id)
    assert again.status is SolveStatus.SUCCEEDED and len(_active(session)) == 2


def test_a_failed_re_solve_keeps_the_earlier_proposals(session, small_round, monkeypatch):
    match_round = small_round[0]
    first = _solve(session, match_round.id)

    def boom(*_):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(running, "solve", boom)
    assert _solve(session, match_round.id).status is SolveStatus.FAILED
    assert match_round.state is RoundState.SOLVED
    assert {p.solve_id for p in _active(session)} == {first.id}


def test_a_round_the_engine_rejects_fails_with_the_engines_message(session, small_round):
    match_round, students, slots = small_round
    match_round.mechanism = Mechanism.STABLE  # without rankings the pins below are refused
    session.add(Placement(round_id=match_round.id, student_id=students[0].id, slot_id=slots[0].id, pinned=True))
    session.commit()
    run = _solve(session, match_round.id)
    assert run.status is SolveStatus.FAILED
    assert run.error.startswith("The round could not be given to the engine: pins")


def test_a_pinned_student_stays_on_the_slot_after_solving_again(session, small_round):
    match_round, students, slots = small_round
    _solve(session, match_round.id)
    unplaced = next(s for s in students if s.id not in {p.student_id for p in _active(session)})
    pin_student(session, None, match_round.id, unplaced.id, slots[1].id)
    _solve(session, match_round.id)
    placement = next(p for p in _active(session) if p.student_id == unplaced.id)
    assert placement.slot_id == slots[1].id and placement.pinned
    unpin(session, None, match_round.id, placement.id)
    assert not session.get(Placement, placement.id).pinned


def test_a_pin_that_breaks_a_rule_is_refused_beside_the_slot(session, small_round, make_slot):
    match_round, students, _ = small_round
    far = make_slot(site_lat=37.5, site_lon=-121.0)
    match_round.slots.append(far)
    session.commit()
    _solve(session, match_round.id)
    with pytest.raises(RoundError) as error:
        pin_student(session, None, match_round.id, students[0].id, far.id)
    assert error.value.field == "slot_id" and "beyond the student's travel limit" in error.value.message


def test_pins_are_refused_before_a_solve_and_for_students_outside_the_round(session, small_round, make_student):
    match_round, students, slots = small_round
    with pytest.raises(RoundError, match="cannot be adjusted"):
        pin_student(session, None, match_round.id, students[0].id, slots[0].id)
    _solve(session, match_round.id)
    with pytest.raises(RoundError) as error:
        pin_student(session, None, match_round.id, make_student().id, slots[0].id)
    assert error.value.field == "student_id"


def test_an_excluded_pair_is_not_placed_again(session, small_round):
    match_round, students, slots = small_round
    _solve(session, match_round.id)
    first = _active(session)[0]
    pair = (first.student_id, first.slot_id)
    exclude_pair(session, None, match_round.id, *pair, "family request")
    assert session.get(RoundExclusion, (match_round.id, *pair)).reason == "family request"
    run = _solve(session, match_round.id)
    assert {"student": f"s-{pair[0]}", "slot": f"j-{pair[1]}"} in run.round_file["exclusions"]
    assert pair not in {(p.student_id, p.slot_id) for p in _active(session)}
    with pytest.raises(RoundError, match="already excluded"):
        exclude_pair(session, None, match_round.id, *pair)


def test_rematch_keeps_accepted_placements_and_fills_declined_places(session, consortium, make_school,
                                                                     make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=4, slots=2, capacity=1)
    _solve(session, match_round.id)
    publish_round(session, None, match_round.id)
    accepted, declined = _active(session)
    accepted.status, declined.status = PlacementStatus.ACCEPTED, PlacementStatus.DECLINED
    session.commit()
    run = _solve(session, match_round.id, rematch=True)
    assert run.status is SolveStatus.SUCCEEDED and run.is_rematch
    # The accepted student is kept out of the engine and their place off the slot's capacity.
    assert f"s-{accepted.student_id}" not in {s["id"] for s in run.round_file["students"]}
    assert f"j-{accepted.slot_id}" not in {s["id"] for s in run.round_file["slots"]}
    active = _active(session)
    assert session.get(Placement, accepted.id).status is PlacementStatus.ACCEPTED
    fresh = [p for p in active if p.status is PlacementStatus.PROPOSED]
    assert len(fresh) == 1 and fresh[0].slot_id == declined.slot_id
    assert (fresh[0].student_id, fresh[0].slot_id) != (declined.student_id, declined.slot_id)
    assert match_round.state is RoundState.SOLVED
    assert publish_round(session, None, match_round.id).offers == 1


def test_rematch_withdraws_expired_offers_and_refills_their_places(session, small_round):
    match_round = small_round[0]
    _solve(session, match_round.id)
    publish_round(session, None, match_round.id)
    expired = _active(session)[0]
    expired.expires_at = utcnow().replace(year=2000)
    session.commit()
    _solve(session, match_round.id, rematch=True)
    assert session.get(Placement, expired.id).status is PlacementStatus.WITHDRAWN
    assert len(_active(session)) == 2


def test_only_a_published_round_is_rematched(session, small_round):
    with pytest.raises(RoundError, match="Only a published round"):
        request_solve(session, None, small_round[0].id, rematch=True)


def test_a_failed_rematch_returns_the_round_to_published(session, small_round, monkeypatch):
    match_round = small_round[0]
    _solve(session, match_round.id)
    publish_round(session, None, match_round.id)
    monkeypatch.setattr(running, "solve", lambda *_: (_ for _ in ()).throw(RuntimeError("crash")))
    assert _solve(session, match_round.id, rematch=True).status is SolveStatus.FAILED
    assert match_round.state is RoundState.PUBLISHED
