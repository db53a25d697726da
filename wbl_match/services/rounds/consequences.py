"""What an irreversible round or offer action will do, in words, for its confirmation page; and the one
cheap undo: a declined offer comes back while the offer's window lasts and its place is still free."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, PlacementStatus, Role, RoundState, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused, rolls_back_refusals
from wbl_match.services.rounds import lifecycle
from wbl_match.services.rounds.capacity import holds_place

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


def _count(session: Session, round_id: int, *statuses: PlacementStatus) -> int:
    return session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == round_id, Placement.status.in_(statuses))) or 0


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def archive_consequences(session: Session, match_round: MatchRound) -> list[str]:
    """What archiving the round does (``RoundError`` from the lifecycle's guard when it may not be archived)."""
    lifecycle.check(session, match_round, "archive")
    lines = ["The round is put away for good: it cannot be opened, solved, re-matched or published again."]
    offered = _count(session, match_round.id, PlacementStatus.OFFERED)
    accepted = _count(session, match_round.id, PlacementStatus.ACCEPTED)
    if offered:
        lines.append(f"{_plural(offered, 'open offer', 'open offers')} can no longer be answered: "
                     f"{'that student keeps' if offered == 1 else 'those students keep'} no place.")
    if accepted:
        lines.append(f"{_plural(accepted, 'accepted placement stays', 'accepted placements stay')}, with "
                     "their checklists, hours and evaluations.")
    if match_round.state is RoundState.DRAFT:
        lines.append("Nobody has ranked in a draft; its settings stay readable.")
    return lines


def decline_consequences(placement: Placement) -> list[str]:
    """What declining the offer does, in the student's words."""
    lines = [f"You give up your place in {placement.slot.title} at {placement.slot.employer.name}; "
             "the coordinator may offer it to another student."]
    if placement.expires_at is not None:
        lines.append("You can take the decline back until the answer deadline, as long as the place is still free.")
    lines.append("Your coordinator will be in touch about what comes next.")
    return lines


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def undo_refusal(session: Session, placement: Placement, now: datetime | None = None) -> str | None:
    """Why the decline cannot be taken back now (None: it can)."""
    now = now or utcnow()
    if placement.status is not PlacementStatus.DECLINED:
        return "Only a declined offer can be taken back."
    if placement.round.state is not RoundState.PUBLISHED:
        return "The round is no longer taking answers."
    if placement.expires_at is None or now >= _aware(placement.expires_at):
        return "The time to answer this offer has passed."
    others = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == placement.round_id, Placement.slot_id == placement.slot_id,
        Placement.id != placement.id, Placement.status.in_(ACTIVE_PLACEMENT_STATUSES), holds_place()))
    if others >= placement.slot.capacity:
        return "The place has been offered to another student since."
    elsewhere = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == placement.round_id, Placement.student_id == placement.student_id,
        Placement.id != placement.id, Placement.status.in_(ACTIVE_PLACEMENT_STATUSES)))
    if elsewhere:
        return "The student has another offer in this round since."
    return None


@rolls_back_refusals
def undo_decline(session: Session, actor: User, placement: Placement) -> Placement:
    """Take a decline back: the offer is open again, to be answered before its deadline."""
    if actor.role in STAFF:
        if actor.consortium_id != placement.round.consortium_id:
            raise Refused("This placement belongs to another consortium.")
    elif actor.role is not Role.STUDENT or placement.student.user_id != actor.id:
        raise Refused("Only the student, or their coordinator, can take this decline back.")
    problem = undo_refusal(session, placement)
    if problem:
        raise Refused(problem)
    placement.status = PlacementStatus.OFFERED
    placement.responded_at = placement.responded_by_id = placement.response_reason = None
    record_event(session, actor, "placement.decline_undone", placement, consortium_id=placement.round.consortium_id,
                 on_behalf=actor.role in STAFF)
    session.commit()
    return placement
