"""What a re-match keeps, and what it must not repeat.

A re-match of a published round keeps every accepted placement and every offer still open, fills the
places freed by declines and expiries and those never filled, and never offers a student the slot they
declined again. Offers past their deadline are withdrawn when the re-match writes its result.
"""
from __future__ import annotations

from datetime import timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement, PlacementStatus
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event

EXPIRED_REASON = "offer expired"


def expire_offers(session: Session, match_round: MatchRound) -> int:
    """Withdraw the round's offers whose deadline has passed (in the caller's transaction); return how many."""
    now = utcnow()
    expired = session.scalars(sa.select(Placement).where(
        Placement.round_id == match_round.id, Placement.status == PlacementStatus.OFFERED,
        Placement.expires_at.is_not(None), Placement.expires_at < now)).all()
    for placement in expired:
        placement.status, placement.responded_at = PlacementStatus.WITHDRAWN, now
        placement.response_reason = EXPIRED_REASON
        record_event(session, None, "placement.expired", placement, consortium_id=match_round.consortium_id,
                     round_id=match_round.id)
    session.flush()
    return len(expired)


def rematch_inputs(session: Session, match_round: MatchRound) -> tuple[set, set]:
    """``(kept, declined)`` pairs ``(profile id, slot id)`` for a solve of a round whose offers are out.

    Kept: accepted placements and offers still open. Declined: declined and withdrawn offers, and offers past
    their deadline (which the solve withdraws when it writes, ``expire_offers``). Nothing is written here, so
    a solve that fails leaves every row as it was. A round never published has neither.
    """
    now = utcnow()
    rows = session.execute(sa.select(Placement.student_id, Placement.slot_id, Placement.status,
                                     Placement.expires_at, Placement.offered_at)
                           .where(Placement.round_id == match_round.id)).all()
    kept, declined = set(), set()
    for student_id, slot_id, status, expires_at, offered_at in rows:
        expired = status is PlacementStatus.OFFERED and expires_at is not None and _aware(expires_at) < now
        if status is PlacementStatus.ACCEPTED or (status is PlacementStatus.OFFERED and not expired):
            kept.add((student_id, slot_id))
        elif expired or (status in (PlacementStatus.DECLINED, PlacementStatus.WITHDRAWN) and offered_at):
            declined.add((student_id, slot_id))
    return kept, declined


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
