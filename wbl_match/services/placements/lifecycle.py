"""The placement's states after the student accepts, as one table of moves with their guards.

The round lifecycle (``services/rounds/``) takes a placement as far as ``accepted`` in a published round;
from there ``AFTER_TRANSITIONS`` takes it on:

    preparing ⇄ ready → started → completed
        └──────────┴───────┴────→ ended early (with a reason)

``preparing`` and ``ready`` follow the checklist (``checklist.refresh``): a placement is ready while every
required item is done. Starting re-checks it. ``completed`` and ``ended_early`` are final; the slot's
history keeps them (``slot_history``).
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    AfterState, MatchRound, Placement, PlacementProgress, PlacementStatus, RoundState, Slot, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused, rolls_back_refusals
from wbl_match.localisation import local_today

AFTER_TRANSITIONS: dict[AfterState, frozenset[AfterState]] = {
    AfterState.PREPARING: frozenset({AfterState.READY, AfterState.ENDED_EARLY}),
    AfterState.READY: frozenset({AfterState.PREPARING, AfterState.STARTED, AfterState.ENDED_EARLY}),
    AfterState.STARTED: frozenset({AfterState.COMPLETED, AfterState.ENDED_EARLY}),
    AfterState.COMPLETED: frozenset(),
    AfterState.ENDED_EARLY: frozenset(),
}
#: States in which the student is (or is about to be) at work: hours may be logged from ``started`` on.
FINAL_STATES = (AfterState.COMPLETED, AfterState.ENDED_EARLY)
#: The round states in which an accepted placement has an after-acceptance record (a re-match passes through
#: solving and solved, and its accepted placements stay as they are).
LIVE_ROUND_STATES = (RoundState.PUBLISHED, RoundState.SOLVING, RoundState.SOLVED, RoundState.ARCHIVED)


def can_move(current: AfterState, target: AfterState) -> bool:
    return target in AFTER_TRANSITIONS[current]


def require_move(progress: PlacementProgress, target: AfterState) -> None:
    """Raise ``Refused`` unless the table allows the move."""
    if not can_move(progress.state, target):
        raise Refused(f"A placement that is {progress.state.label.lower()} cannot become {target.label.lower()}.")


def is_after_acceptance(placement: Placement) -> bool:
    """An accepted placement of a published (or archived) round: the ones this feature follows."""
    return placement.status is PlacementStatus.ACCEPTED and placement.round.state in LIVE_ROUND_STATES


def progress_of(session: Session, placement: Placement) -> PlacementProgress:
    """The placement's after-acceptance record, made (with its checklist) on first use; the caller commits."""
    if not is_after_acceptance(placement):
        raise Refused("Only a placement the student accepted in a published round has a checklist.")
    found = session.scalar(sa.select(PlacementProgress).where(PlacementProgress.placement_id == placement.id))
    if found is not None:
        return found
    from wbl_match.services.placements.checklist import build_items

    progress = PlacementProgress(consortium_id=placement.round.consortium_id, placement_id=placement.id,
                                 state=AfterState.PREPARING, start_on=placement.slot.term_start, reminders={})
    progress.placement = placement
    session.add(progress)
    build_items(session, progress)
    session.flush()
    return progress


def accepted_placements(session: Session, consortium_id: int) -> list[Placement]:
    """Every placement of the consortium that this feature follows, with what the pages show of it."""
    return list(session.scalars(
        sa.select(Placement).join(MatchRound, MatchRound.id == Placement.round_id)
        .where(MatchRound.consortium_id == consortium_id, MatchRound.state.in_(LIVE_ROUND_STATES),
               Placement.status == PlacementStatus.ACCEPTED)
        .options(selectinload(Placement.slot).selectinload(Slot.employer), selectinload(Placement.student),
                 selectinload(Placement.round))
        .order_by(Placement.id)))


def ensure_progress(session: Session, consortium_id: int) -> list[PlacementProgress]:
    """The after-acceptance records of every accepted placement of the consortium (made where missing)."""
    records = [progress_of(session, placement) for placement in accepted_placements(session, consortium_id)]
    session.commit()
    return records


@rolls_back_refusals
def start_placement(session: Session, actor: User, progress: PlacementProgress, on: date | None = None) -> None:
    """Mark the placement started: only once every required checklist item is done."""
    from wbl_match.services.placements.checklist import missing_items, refresh
    from wbl_match.services.placements.evaluations import schedule_evaluations

    refresh(progress)
    missing = missing_items(progress)
    if missing:
        raise Refused("The placement cannot start yet. Still missing: " + "; ".join(missing) + ".")
    require_move(progress, AfterState.STARTED)
    progress.state, progress.started_at = AfterState.STARTED, utcnow()
    progress.start_on = on or progress.start_on or local_today()
    schedule_evaluations(progress)
    record_event(session, actor, "placement.started", progress, placement_id=progress.placement_id)
    session.commit()


@rolls_back_refusals
def complete_placement(session: Session, actor: User, progress: PlacementProgress, on: date | None = None) -> None:
    """Mark a started placement completed."""
    require_move(progress, AfterState.COMPLETED)
    progress.state, progress.ended_on = AfterState.COMPLETED, on or local_today()
    record_event(session, actor, "placement.completed", progress, placement_id=progress.placement_id)
    session.commit()


@rolls_back_refusals
def end_early(session: Session, actor: User, progress: PlacementProgress, reason: str,
              on: date | None = None) -> None:
    """End a placement before its term, with the coordinator's reason (kept on the record, not in the audit)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused("Say why the placement ended early.")
    if len(reason) > 500:
        raise Refused("Keep the reason under 500 characters.")
    require_move(progress, AfterState.ENDED_EARLY)
    progress.state, progress.end_reason, progress.ended_on = AfterState.ENDED_EARLY, reason, on or local_today()
    record_event(session, actor, "placement.ended_early", progress, placement_id=progress.placement_id)
    session.commit()


def slot_history(session: Session, slot: Slot) -> list[PlacementProgress]:
    """Every after-acceptance record of the slot's placements, in every round, newest first."""
    return list(session.scalars(
        sa.select(PlacementProgress).join(Placement, Placement.id == PlacementProgress.placement_id)
        .where(Placement.slot_id == slot.id).order_by(PlacementProgress.id.desc())))


def check_invariants(progress: PlacementProgress) -> list[str]:
    """What is wrong with a record (empty when it keeps every rule): for tests and the state-machine test."""
    problems = []
    from wbl_match.services.placements.checklist import missing_items

    if progress.state in (AfterState.STARTED, AfterState.COMPLETED) and progress.started_at is None:
        problems.append("started without a start time")
    if progress.state is AfterState.READY and missing_items(progress):
        problems.append("ready with required items missing")
    if progress.state is AfterState.ENDED_EARLY and not progress.end_reason:
        problems.append("ended early without a reason")
    if progress.hours and progress.state in (AfterState.PREPARING, AfterState.READY):
        problems.append("hours logged before the start")
    return problems
