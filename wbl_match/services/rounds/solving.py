"""Starting, cancelling and watching a solve: the one path from a button (web, API, ``flask run-round``) to a job.

``start_solve`` records a queued ``SolveRun`` under the round's lock (``request_solve``), so that only one
solve of a round runs at a time, and hands it to the job queue; the job runs ``running.run_round``.
``cancel_solve`` stops a queued or running solve; ``check_solve`` notices a solve whose job died (the job
backend's own failure signal, or no heartbeat for ``LOST_AFTER``). A solve that fails, is cancelled or is found
dead returns the round exactly to the state it came from (``SolveRun.previous_state``) with its rows as they
were: a solve writes nothing until its one final transaction.
"""
from __future__ import annotations

import logging
from datetime import timedelta, timezone
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement, PlacementStatus, RoundState, SolveRun, SolveStatus, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.rounds import lifecycle
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.locking import lock_round

log = logging.getLogger(__name__)
ACTIVE = (SolveStatus.QUEUED, SolveStatus.RUNNING)
#: A running solve whose job has not touched its heartbeat for this long is taken as killed.
LOST_AFTER = timedelta(seconds=45)
#: A solve still waiting for a worker after this long is taken as lost (no worker will take it).
STALE_AFTER = timedelta(minutes=30)
#: The job name to enqueue for a solve: ``enqueue(SOLVE_JOB, solve_id)``; the runner gives it a session.
SOLVE_JOB = "wbl_match.services.rounds.jobs:solve_job"
QUEUE_DOWN = "The job queue could not be reached; the solve did not start. Try again."
RUNNING_ALREADY = "A solve of this round is already running. Wait for it to finish, or cancel it."


class JobQueue(Protocol):
    """What the services need of the job backend (``wbl_match.jobs``)."""

    def enqueue(self, job_name: str, *args) -> str | None:
        """Queue a job; return the backend's id for it (None when the backend has none)."""

    def job_failure(self, job_id: str) -> str | None:
        """Why the job failed or was stopped, by the backend's own record; None while it is alive or done."""


def active_solve(session: Session, round_id: int) -> SolveRun | None:
    """The round's queued or running solve, if any."""
    return session.scalar(sa.select(SolveRun).where(SolveRun.round_id == round_id, SolveRun.status.in_(ACTIVE)))


def _move_for(match_round: MatchRound, rematch: bool | None) -> str:
    state = match_round.state
    if rematch and state is not RoundState.PUBLISHED:
        raise RoundError("Only a published round can be re-matched.")
    if rematch is False and state is RoundState.PUBLISHED:
        raise RoundError("This round is published: use re-match to fill declined and open places.")
    return {RoundState.SOLVED: "solve_again", RoundState.PUBLISHED: "rematch"}.get(state, "solve")


def request_solve(session: Session, actor: User | None, round_id: int, *, rematch: bool | None = False) -> SolveRun:
    """Record a queued solve of the round and move it to solving; return the solve's row (commits).

    A closed round is solved, a solved one solved again, a published one re-matched (``rematch`` may say
    which is meant, None: whichever fits; False refuses a published round). Any solve of a round whose offers are out keeps
    every accepted placement and open offer as it is. Refused with ``RoundError`` when another solve of the
    round is queued or running, or when the state machine does not allow the move.
    """
    match_round = lock_round(session, round_id)
    try:
        running = active_solve(session, round_id)
        if running is not None and _lost_reason(running, None) is None:
            raise RoundError(RUNNING_ALREADY)
        if running is not None:
            _end(session, None, match_round, running, _lost_reason(running, None), "round.solve_lost")
        lifecycle.check(session, match_round, _move_for(match_round, rematch))
        run = SolveRun(round_id=round_id, status=SolveStatus.QUEUED,
                       is_rematch=lifecycle.has_offers(session, round_id), previous_state=match_round.state.value,
                       requested_by_id=actor.id if actor else None, progress="Waiting for a worker")
        session.add(run)
        match_round.state = RoundState.SOLVING
        session.flush()
        record_event(session, actor, "round.rematch_requested" if run.is_rematch else "round.solve_requested",
                     match_round, solve_id=run.id)
        session.commit()
    except IntegrityError:
        # The partial unique index caught a solve that slipped past the lock.
        session.rollback()
        raise RoundError(RUNNING_ALREADY) from None
    except Exception:
        session.rollback()
        raise
    return run


def start_solve(session: Session, actor: User | None, round_id: int, queue: JobQueue, *,
                rematch: bool | None = False) -> SolveRun:
    """Request a solve and hand it to the job queue: what every door calls.

    When the queue cannot be reached the solve is recorded as failed, the round is back where it was, and
    ``RoundError`` says so.
    """
    run = request_solve(session, actor, round_id, rematch=rematch)
    solve_id = run.id
    try:
        job_id = queue.enqueue(SOLVE_JOB, solve_id)
    except Exception as error:  # the queue is down: say so, and leave the round as it was
        log.warning("could not queue solve %s: %s", solve_id, error)
        fail_solve(session, solve_id, QUEUE_DOWN)
        raise RoundError(QUEUE_DOWN) from None
    if job_id:
        session.execute(sa.update(SolveRun).where(SolveRun.id == solve_id).values(job_id=str(job_id)[:64]))
        session.commit()
    return session.get(SolveRun, solve_id, populate_existing=True)


def cancel_solve(session: Session, actor: User | None, round_id: int) -> SolveRun:
    """Cancel the round's queued or running solve: the round returns to its state before it, rows untouched.

    A job still running finds its solve cancelled when it comes to write, and writes nothing.
    """
    match_round = lock_round(session, round_id)
    try:
        run = active_solve(session, round_id)
        if run is None or match_round.state is not RoundState.SOLVING:
            raise RoundError("No solve of this round is running.")
        lifecycle.check(session, match_round, "cancel")
        who = getattr(actor, "name", None) or "staff"
        _end(session, actor, match_round, run, f"Cancelled by {who}; nothing was written.", "round.solve_cancelled")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return run


def check_solve(session: Session, round_id: int, queue: JobQueue | None = None) -> SolveRun | None:
    """Notice a solve of the round whose job died, and undo it; return the round's active solve, if any.

    Called whenever a round is read (its page, its progress, the API): a killed solve is noticed by the job
    backend's failure report at once, or by its missing heartbeat within ``LOST_AFTER``.
    """
    run = active_solve(session, round_id)
    if run is None or _lost_reason(run, queue) is None:
        return run
    match_round = lock_round(session, round_id)
    try:
        run = active_solve(session, round_id)
        reason = _lost_reason(run, queue) if run is not None else None
        if reason is None:
            session.commit()
            return run
        _end(session, None, match_round, run, reason, "round.solve_lost")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return None


def _lost_reason(run: SolveRun, queue: JobQueue | None) -> str | None:
    if queue is not None and run.job_id:
        try:
            failure = queue.job_failure(run.job_id)
        except Exception:  # the backend cannot be asked now: the heartbeat still tells
            failure = None
        if failure:
            return f"Stopped: the job running the solve failed ({failure[:200]}); nothing was written."
    now = utcnow()
    if run.status is SolveStatus.RUNNING:
        seen = run.heartbeat_at or run.started_at or run.requested_at
        if now - _aware(seen) > LOST_AFTER:
            return (f"Stopped: the worker running the solve stopped answering "
                    f"(no sign of it for {int(LOST_AFTER.total_seconds())} seconds); nothing was written.")
    elif now - _aware(run.requested_at) > STALE_AFTER:
        return "Lost: no worker took the solve; nothing was written."
    return None


def fail_solve(session: Session, solve_id: int, message: str) -> None:
    """Record that a solve failed (e.g. the job queue is down); the round returns to its state before it."""
    session.rollback()
    run = session.get(SolveRun, solve_id)
    match_round = lock_round(session, run.round_id)
    try:
        run = session.get(SolveRun, solve_id, populate_existing=True)
        if run.status in ACTIVE:
            _end(session, None, match_round, run, message, "round.solve_failed")
        session.commit()
    except Exception:
        session.rollback()
        raise


def _end(session: Session, actor: User | None, match_round: MatchRound, run: SolveRun, message: str,
         action: str) -> None:
    """End an unfinished solve with ``message`` and put the round back as it was (the caller holds the lock)."""
    run.status, run.finished_at, run.error, run.progress = SolveStatus.FAILED, utcnow(), message, "Failed"
    if match_round.state is RoundState.SOLVING:
        lifecycle.check(session, match_round, "solve_failed")
        match_round.state = previous_state(session, run)
    record_event(session, actor, action, match_round, solve_id=run.id, error=message[:500],
                 state=match_round.state.value)


def previous_state(session: Session, run: SolveRun) -> RoundState:
    """The state the round was in before ``run`` (rows written before the column existed: from its rows)."""
    if run.previous_state:
        return RoundState(run.previous_state)
    if run.is_rematch:
        return RoundState.PUBLISHED
    proposals = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == run.round_id, Placement.status == PlacementStatus.PROPOSED))
    return RoundState.SOLVED if proposals else RoundState.CLOSED


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
