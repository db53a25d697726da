"""Solving a round: the one path from a request to placements written.

``request_solve`` (or ``request_rematch``) records a queued ``SolveRun`` under the round's lock, so that
only one solve of a round runs at a time; ``run_round`` then does the work, wherever it is called from
(the background job, ``flask run-round``, a test)::

    load rows -> round file (mapping) -> matching.solve -> check_validity -> placements, in one transaction

A failure at any step rolls the placements back, records the error on the solve and returns the round to
the state it came from, so it can be solved again.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wbl_match.matching import ENGINE_VERSION, InvalidResultError, RoundFileError, check_validity, solve
from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, RoundState, SlotStatus, SolveRun, SolveStatus, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services import engine_io
from wbl_match.services.rounds import round_rows
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.lifecycle import require_move
from wbl_match.services.rounds.locking import lock_round
from wbl_match.services.rounds.rematch import rematch_inputs

log = logging.getLogger(__name__)
ACTIVE = (SolveStatus.QUEUED, SolveStatus.RUNNING)
#: A solve that has not finished after this long is taken as lost (its worker died) and may be replaced.
STALE_AFTER = timedelta(minutes=30)
#: Placements are inserted in batches of this many rows.
WRITE_BATCH = 2000


def active_solve(session: Session, round_id: int) -> SolveRun | None:
    """The round's queued or running solve, if any."""
    return session.scalar(sa.select(SolveRun).where(SolveRun.round_id == round_id, SolveRun.status.in_(ACTIVE)))


def request_solve(session: Session, actor: User | None, round_id: int, *, rematch: bool = False) -> SolveRun:
    """Queue a solve of the round (a re-match of a published round when ``rematch``); return its row.

    Refused with ``RoundError`` when another solve of the round is queued or running, or when the round's
    state does not allow it (a round must be closed or solved; a re-match needs a published round).
    """
    match_round = lock_round(session, round_id)
    try:
        _refuse_second_solve(session, match_round)
        _check_state(match_round, rematch)
        _check_participants(match_round)
        run = SolveRun(round_id=round_id, status=SolveStatus.QUEUED, is_rematch=rematch,
                       requested_by_id=actor.id if actor else None, progress="Waiting for a worker")
        session.add(run)
        match_round.state = RoundState.SOLVING
        session.flush()
        record_event(session, actor, "round.rematch_requested" if rematch else "round.solve_requested",
                     match_round, solve_id=run.id)
        session.commit()
    except IntegrityError:
        # The partial unique index caught a solve that slipped past the lock.
        session.rollback()
        raise RoundError("A solve of this round is already running. Wait for it to finish.") from None
    except Exception:
        session.rollback()
        raise
    return run


def _refuse_second_solve(session: Session, match_round: MatchRound) -> None:
    running = active_solve(session, match_round.id)
    if running is None:
        return
    if utcnow() - _aware(running.started_at or running.requested_at) < STALE_AFTER:
        raise RoundError("A solve of this round is already running. Wait for it to finish.")
    _mark_failed(running, "Lost: the solve did not finish (its worker stopped).")
    match_round.state = _state_after_failure(session, match_round.id, running)
    session.flush()


def _check_state(match_round: MatchRound, rematch: bool) -> None:
    if rematch and match_round.state is not RoundState.PUBLISHED:
        raise RoundError("Only a published round can be re-matched.")
    if not rematch and match_round.state is RoundState.PUBLISHED:
        raise RoundError("This round is published: use re-match to fill declined and open places.")
    require_move(match_round, RoundState.SOLVING, "solved")


def _check_participants(match_round: MatchRound) -> None:
    if not match_round.schools:
        raise RoundError("This round has no schools yet: choose them in the settings.")
    if not any(slot.status is SlotStatus.OPEN for slot in match_round.slots):
        raise RoundError("This round has no open slots yet: choose them in the settings.")


def run_round(session: Session, solve_id: int) -> SolveRun:
    """Run a queued solve to the end and return it (succeeded or failed). Never raises for a bad round.

    A solve that is not queued (already run, e.g. a job delivered twice) is returned untouched.
    """
    run = session.get(SolveRun, solve_id)
    if run is None or run.status is not SolveStatus.QUEUED:
        return run
    run.status, run.started_at, run.progress = SolveStatus.RUNNING, utcnow(), "Loading students and slots"
    session.commit()
    try:
        _solve_and_write(session, run)
    except Exception as error:  # any failure: nothing partial stays, the round can be solved again
        session.rollback()
        log.warning("solve %s of round %s failed: %s", solve_id, run.round_id, error, exc_info=True)
        _record_failure(session, solve_id, _failure_message(error))
    return session.get(SolveRun, solve_id)


def _solve_and_write(session: Session, run: SolveRun) -> None:
    match_round = run.round
    seconds: dict[str, float] = {}
    lap = time.perf_counter()

    def tick(phase: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        seconds[phase] = round(now - lap, 4)
        lap = now

    kept, declined = rematch_inputs(session, match_round) if run.is_rematch else (set(), set())
    rows = round_rows.load_round_rows(session, match_round, fixed=kept, extra_exclusions=declined)
    tick("load")
    # Built from constrained columns, the round is not parsed back from its document: ``solve`` checks
    # ids, references and pins of a hand-built round itself, and that saves a second pass at 10,000 students.
    round_ = engine_io.engine_round(rows)
    document = round_.to_dict()
    tick("build")
    _progress(session, run, f"Solving for {len(rows.students):,} students and {len(rows.slots):,} slots")
    result = solve(round_)
    tick("solve")
    problems = check_validity(round_, result)
    if problems:
        raise InvalidResultError(problems)
    tick("validate")
    write_placements(session, match_round, run,
                     engine_io.placement_rows(result, match_round.id, run.id, set(rows.pins)), kept)
    tick("write")
    _finish(session, run, match_round, document, result.to_dict(), seconds)


def _progress(session: Session, run: SolveRun, text: str) -> None:
    run.progress = text
    session.commit()


def write_placements(session: Session, match_round: MatchRound, run: SolveRun, rows: list[dict],
                     kept: set[tuple[int, int]]) -> None:
    """Replace the round's proposed placements with ``rows`` (in the caller's transaction).

    ``kept`` pairs are placements that stay as they are (a re-match's accepted and offered ones).
    """
    session.execute(sa.delete(Placement).where(Placement.round_id == match_round.id,
                                               Placement.status == PlacementStatus.PROPOSED))
    # A kept student stays where they are, even if the engine (missing their slot) placed them anew.
    kept_students = {student_id for student_id, _ in kept}
    fresh = [row for row in rows if row["student_id"] not in kept_students]
    insert_placements(session, fresh)


def insert_placements(session: Session, rows: list[dict]) -> None:
    """Insert placement rows in batches."""
    for start in range(0, len(rows), WRITE_BATCH):
        session.execute(sa.insert(Placement), rows[start:start + WRITE_BATCH])


def _finish(session: Session, run: SolveRun, match_round: MatchRound, document: dict, result: dict,
            seconds: dict) -> None:
    run.round_file, run.engine_version = document, ENGINE_VERSION
    result["stats"]["service_seconds"] = seconds
    run.result = result
    run.status, run.finished_at, run.progress = SolveStatus.SUCCEEDED, utcnow(), "Done"
    match_round.state = RoundState.SOLVED
    record_event(session, None if run.requested_by_id is None else session.get(User, run.requested_by_id),
                 "round.solved", match_round, solve_id=run.id, placed=result["objective"]["placed"],
                 unplaced=len(result["unplaced"]), rematch=run.is_rematch)
    session.commit()


def fail_solve(session: Session, solve_id: int, message: str) -> None:
    """Record that a queued solve could not run (e.g. the job queue is down); the round returns to its state."""
    session.rollback()
    _record_failure(session, solve_id, message)


def _record_failure(session: Session, solve_id: int, message: str) -> None:
    run = session.get(SolveRun, solve_id)
    match_round = run.round
    _mark_failed(run, message)
    match_round.state = _state_after_failure(session, match_round.id, run)
    record_event(session, None, "round.solve_failed", match_round, solve_id=run.id, error=message[:500])
    session.commit()


def _mark_failed(run: SolveRun, message: str) -> None:
    run.status, run.finished_at, run.error, run.progress = SolveStatus.FAILED, utcnow(), message, "Failed"


def _state_after_failure(session: Session, round_id: int, run: SolveRun) -> RoundState:
    if run.is_rematch:
        return RoundState.PUBLISHED
    # Back to solved only when an earlier solve's proposals are still there to review.
    proposals = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == round_id, Placement.status == PlacementStatus.PROPOSED))
    return RoundState.SOLVED if proposals else RoundState.CLOSED


def _failure_message(error: Exception) -> str:
    if isinstance(error, RoundFileError):
        return f"The round could not be given to the engine: {error}"
    if isinstance(error, InvalidResultError):
        return "The engine's result failed the independent check; nothing was written."
    return f"The solve stopped with an internal error ({type(error).__name__}); nothing was written."


def _aware(moment):
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
