"""A solve that is cancelled, whose worker is killed, or whose queue is down leaves the round exactly as it was."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.extensions import db
from wbl_match.models import MatchRound, Placement, Role, RoundState, SolveRun, SolveStatus
from wbl_match.models.base import utcnow
from wbl_match.services.rounds import (
    RoundError, cancel_solve, check_solve, publish_round, request_solve, run_round, start_solve,
)
from wbl_match.services.rounds import running, solving
from wbl_match.services.students.withdrawals import withdraw_student
from tests.services.rounds_support import build_round


@pytest.fixture
def small_round(session, consortium, make_school, make_student, make_slot):
    return build_round(session, consortium, make_school, make_student, make_slot)


def _rows(session, round_id):
    return sorted((p.id, p.student_id, p.slot_id, p.status.value, p.solve_id) for p in session.scalars(
        sa.select(Placement).where(Placement.round_id == round_id).execution_options(populate_existing=True)))


def _state(session, round_id):
    return session.get(MatchRound, round_id, populate_existing=True).state


class DownQueue:
    def enqueue(self, *_args):
        raise ConnectionError("redis is down")

    def job_failure(self, _job_id):
        return None


class FailedJobQueue:
    """A backend that says the job's work-horse died (as RQ does)."""

    def enqueue(self, *_args):
        return "job-1"

    def job_failure(self, job_id):
        return "failed: Work-horse terminated unexpectedly; waitpid returned 9 (signal 9)"


def test_a_queued_solve_cancelled_returns_a_solved_round_to_its_proposals(session, small_round, make_user):
    staff = make_user(Role.INTERMEDIARY)
    round_id = small_round[0].id
    run_round(session, request_solve(session, staff, round_id).id)
    before = _rows(session, round_id)
    run = request_solve(session, staff, round_id)

    cancel_solve(session, staff, round_id)

    assert session.get(SolveRun, run.id, populate_existing=True).status is SolveStatus.FAILED
    assert "Cancelled by" in session.get(SolveRun, run.id).error
    assert _state(session, round_id) is RoundState.SOLVED and _rows(session, round_id) == before
    assert run_round(session, run.id).status is SolveStatus.FAILED  # the job, delivered late, does nothing
    assert _rows(session, round_id) == before


def test_a_solve_cancelled_while_the_engine_runs_writes_nothing(app, session, small_round, make_user, monkeypatch):
    staff = make_user(Role.INTERMEDIARY)
    round_id = small_round[0].id
    run = request_solve(session, staff, round_id)
    engine = running.solve

    def cancelled_meanwhile(round_):
        with app.app_context():  # another request, in its own transaction
            cancel_solve(db.session, None, round_id)
            db.session.remove()
        return engine(round_)

    monkeypatch.setattr(running, "solve", cancelled_meanwhile)
    assert run_round(session, run.id).status is SolveStatus.FAILED
    assert _state(session, round_id) is RoundState.CLOSED and _rows(session, round_id) == []


def test_a_running_solve_without_a_heartbeat_is_noticed_and_the_round_is_usable_again(session, small_round,
                                                                                    make_user):
    staff = make_user(Role.INTERMEDIARY)
    match_round, students, _ = small_round
    run = request_solve(session, staff, match_round.id)
    run.status, run.started_at = SolveStatus.RUNNING, utcnow() - timedelta(minutes=2)
    run.heartbeat_at = utcnow() - solving.LOST_AFTER - timedelta(seconds=1)
    session.commit()

    assert check_solve(session, match_round.id) is None

    lost = session.get(SolveRun, run.id, populate_existing=True)
    assert lost.status is SolveStatus.FAILED and "stopped answering" in lost.error
    assert _state(session, match_round.id) is RoundState.CLOSED
    withdraw_student(session, staff, students[0], "left_school")  # no longer refused as "being solved"
    assert run_round(session, request_solve(session, staff, match_round.id).id).status is SolveStatus.SUCCEEDED


def test_a_running_solve_with_a_recent_heartbeat_is_left_alone(session, small_round):
    run = request_solve(session, None, small_round[0].id)
    run.status, run.started_at, run.heartbeat_at = SolveStatus.RUNNING, utcnow() - timedelta(hours=1), utcnow()
    session.commit()
    assert check_solve(session, small_round[0].id).id == run.id
    assert _state(session, small_round[0].id) is RoundState.SOLVING


def test_the_job_backends_own_failure_report_ends_the_solve_at_once(session, small_round):
    round_id = small_round[0].id
    run_round(session, request_solve(session, None, round_id).id)
    publish_round(session, None, round_id)
    before = _rows(session, round_id)
    run = start_solve(session, None, round_id, FailedJobQueue(), rematch=True)
    assert run.job_id == "job-1" and _state(session, round_id) is RoundState.SOLVING

    assert check_solve(session, round_id, FailedJobQueue()) is None

    assert "Work-horse terminated unexpectedly" in session.get(SolveRun, run.id, populate_existing=True).error
    assert _state(session, round_id) is RoundState.PUBLISHED and _rows(session, round_id) == before


def test_a_solve_whose_queue_is_down_is_refused_and_the_round_stays_as_it_was(session, small_round):
    round_id = small_round[0].id
    with pytest.raises(RoundError, match="job queue could not be reached"):
        start_solve(session, None, round_id, DownQueue())
    assert _state(session, round_id) is RoundState.CLOSED
    assert session.scalar(sa.select(SolveRun.status)) is SolveStatus.FAILED


def test_there_is_nothing_to_cancel_when_no_solve_runs(session, small_round):
    with pytest.raises(RoundError, match="No solve of this round is running"):
        cancel_solve(session, None, small_round[0].id)


def test_the_running_job_touches_its_heartbeat(session, small_round, monkeypatch):
    import threading

    monkeypatch.setattr(running, "HEARTBEAT_EVERY", 0.05)
    round_id = small_round[0].id
    run = request_solve(session, None, round_id)
    engine, beats = running.solve, threading.Event()

    def heartbeat():
        with db.engine.connect() as connection:
            return connection.execute(sa.select(SolveRun.heartbeat_at).where(SolveRun.id == run.id)).scalar()

    def slow(round_):  # the engine takes its time: the heartbeat moves on meanwhile, by the thread alone
        first = heartbeat()
        for _ in range(100):
            if heartbeat() != first:
                beats.set()
                break
            threading.Event().wait(0.05)
        return engine(round_)

    monkeypatch.setattr(running, "solve", slow)
    assert run_round(session, run.id).status is SolveStatus.SUCCEEDED
    assert beats.is_set()
