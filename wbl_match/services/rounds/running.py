"""Running a queued solve: rows -> round file -> engine -> check -> placements, written in one transaction.

``run_round`` is what the solve job does (``jobs.solve_job``), wherever it runs (the in-process worker, an
RQ worker, ``flask run-round``, a test). While it runs, a heartbeat thread touches the solve's row every
``HEARTBEAT_EVERY`` seconds, so that ``solving.check_solve`` can tell a killed solve from a long one.

Nothing is written until the last step, which holds the round's lock: if the solve was cancelled or found
dead meanwhile it writes nothing; otherwise it withdraws expired offers, replaces the round's proposals
(never touching an accepted placement or an open offer, whose students were left out of the engine) and
keeps only what still fits each slot across every round (``capacity.fit``). A failure at any step rolls
back, records the error and returns the round to its state before the solve.
"""
from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.matching import ENGINE_VERSION, InvalidResultError, RoundFileError, check_validity, solve
from wbl_match.models import ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, PlacementStatus, SolveRun, \
    SolveStatus, User
from wbl_match.models.base import utcnow
from wbl_match.services import engine_io
from wbl_match.services.audit import record_event
from wbl_match.services.rounds import capacity, lifecycle, round_rows
from wbl_match.services.rounds.locking import lock_round
from wbl_match.services.rounds.rematch import expire_offers, rematch_inputs
from wbl_match.services.rounds.solving import fail_solve

log = logging.getLogger(__name__)
#: Seconds between two heartbeats of a running solve.
HEARTBEAT_EVERY = 10
#: Placements are inserted in batches of this many rows.
WRITE_BATCH = 2000


class Heartbeat:
    """Touches ``solve_runs.heartbeat_at`` on its own connection every ``HEARTBEAT_EVERY`` seconds."""

    def __init__(self, session: Session, solve_id: int) -> None:
        self._engine, self._solve_id = session.get_bind(), solve_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"wbl-solve-{solve_id}-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_EVERY):
            try:
                with self._engine.begin() as connection:
                    connection.execute(sa.update(SolveRun).where(SolveRun.id == self._solve_id,
                                                                 SolveRun.status == SolveStatus.RUNNING)
                                       .values(heartbeat_at=utcnow()))
            except Exception as error:  # a busy database: the next beat tries again
                log.debug("heartbeat of solve %s skipped: %s", self._solve_id, error)


def run_round(session: Session, solve_id: int) -> SolveRun:
    """Run a queued solve to the end and return it (succeeded or failed). Never raises for a bad round.

    A solve that is not queued (already run, cancelled, or a job delivered twice) is returned untouched.
    """
    started = session.execute(sa.update(SolveRun).where(SolveRun.id == solve_id,
                                                        SolveRun.status == SolveStatus.QUEUED)
                              .values(status=SolveStatus.RUNNING, started_at=utcnow(), heartbeat_at=utcnow(),
                                      progress="Loading students and slots")).rowcount
    session.commit()
    run = session.get(SolveRun, solve_id, populate_existing=True)
    if not started:
        return run
    try:
        with Heartbeat(session, solve_id):
            _solve_and_write(session, run)
    except Exception as error:  # any failure: nothing partial stays, the round is back where it was
        log.warning("solve %s failed: %s", solve_id, error, exc_info=True)
        fail_solve(session, solve_id, _failure_message(error))
    return session.get(SolveRun, solve_id, populate_existing=True)


def _solve_and_write(session: Session, run: SolveRun) -> None:
    match_round = run.round
    seconds: dict[str, float] = {}
    lap = time.perf_counter()

    def tick(phase: str) -> None:
        nonlocal lap
        now = time.perf_counter()
        seconds[phase] = round(now - lap, 4)
        lap = now

    kept, declined = rematch_inputs(session, match_round)
    fixed, ended = capacity.kept_places(session, match_round.id, kept)
    slot_ids = [slot.id for slot in match_round.slots]
    rows = round_rows.load_round_rows(session, match_round, fixed=fixed, left_out=ended, extra_exclusions=declined,
                                      taken=capacity.held_elsewhere(session, match_round.id, slot_ids))
    tick("load")
    # Built from constrained columns, the round is not parsed back from its document: ``solve`` checks
    # ids, references and pins of a hand-built round itself, and that saves a second pass at 10,000 students.
    round_ = engine_io.engine_round(rows)
    document = engine_io.round_document(rows, round_)
    tick("build")
    _progress(session, run, f"Solving for {len(rows.students):,} students and {len(rows.slots):,} slots")
    result = solve(round_)
    tick("solve")
    problems = check_validity(round_, result)
    if problems:
        raise InvalidResultError(problems)
    tick("validate")
    fresh = engine_io.placement_rows(result, match_round.id, run.id, set(rows.pins))
    match_round = lock_round(session, match_round.id)
    run = session.get(SolveRun, run.id, populate_existing=True)
    if run.status is not SolveStatus.RUNNING:  # cancelled or found dead meanwhile: write nothing
        session.rollback()
        return
    dropped = write_placements(session, match_round, run, fresh)
    tick("write")
    _finish(session, run, match_round, document, result.to_dict(), seconds, dropped)


def _progress(session: Session, run: SolveRun, text: str) -> None:
    session.execute(sa.update(SolveRun).where(SolveRun.id == run.id, SolveRun.status == SolveStatus.RUNNING)
                    .values(progress=text, heartbeat_at=utcnow()))
    session.commit()


def write_placements(session: Session, match_round: MatchRound, run: SolveRun, rows: list[dict]) -> list:
    """Replace the round's proposals with ``rows`` in the caller's transaction; return what did not fit.

    Offers past their deadline are withdrawn first. A student who still holds a live placement (accepted, an
    open offer) keeps it and gets no second row, whatever the engine said; a row whose slot was closed or
    filled by another round meanwhile is dropped (``capacity.fit``).
    """
    expire_offers(session, match_round)
    session.execute(sa.delete(Placement).where(Placement.round_id == match_round.id,
                                               Placement.status == PlacementStatus.PROPOSED))
    holding = set(session.scalars(sa.select(Placement.student_id).where(
        Placement.round_id == match_round.id, Placement.status.in_(ACTIVE_PLACEMENT_STATUSES))))
    candidates = [row for row in rows if row["student_id"] not in holding]
    fits, dropped = capacity.fit(session, match_round.id,
                                 [(r["student_id"], r["slot_id"], r["pinned"]) for r in candidates],
                                 verb="proposed")
    insert_placements(session, [r for r in candidates if (r["student_id"], r["slot_id"]) in fits])
    return dropped


def insert_placements(session: Session, rows: list[dict]) -> None:
    """Insert placement rows in batches."""
    for start in range(0, len(rows), WRITE_BATCH):
        session.execute(sa.insert(Placement), rows[start:start + WRITE_BATCH])


def _finish(session: Session, run: SolveRun, match_round: MatchRound, document: dict, result: dict,
            seconds: dict, dropped: list) -> None:
    run.round_file, run.engine_version = document, ENGINE_VERSION
    result["stats"]["service_seconds"] = seconds
    if dropped:
        result["stats"]["dropped"] = [{"student": engine_io.student_key(d.student_id),
                                       "slot": engine_io.slot_key(d.slot_id), "reason": d.reason} for d in dropped]
    run.result = result
    run.status, run.finished_at, run.progress = SolveStatus.SUCCEEDED, utcnow(), "Done"
    lifecycle.check(session, match_round, "solve_succeeded")
    match_round.state = lifecycle.S.SOLVED
    record_event(session, None if run.requested_by_id is None else session.get(User, run.requested_by_id),
                 "round.solved", match_round, solve_id=run.id, placed=result["objective"]["placed"],
                 unplaced=len(result["unplaced"]), rematch=run.is_rematch, dropped=len(dropped))
    session.commit()


def _failure_message(error: Exception) -> str:
    if isinstance(error, RoundFileError):
        return f"The round could not be given to the engine: {error}"
    if isinstance(error, InvalidResultError):
        return "The engine's result failed the independent check; nothing was written."
    return f"The solve stopped with an internal error ({type(error).__name__}); nothing was written."
