"""What a re-match keeps, and what it must not repeat.

A re-match of a published round keeps every accepted placement and every offer still open, fills the
places freed by declines and expiries and those never filled, and never offers a student the slot they
declined again. Offers past their deadline are withdrawn here, as the first step of the re-match.
"""
from __future__ import annotations

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
    """``(kept, declined)`` pairs ``(profile id, slot id)`` for a re-match, after expiring old offers."""
    expire_offers(session, match_round)
    rows = session.execute(sa.select(Placement.student_id, Placement.slot_id, Placement.status)
                           .where(Placement.round_id == match_round.id)).all()
    kept = {(a, b) for a, b, status in rows if status in (PlacementStatus.ACCEPTED, PlacementStatus.OFFERED)}
    declined = {(a, b) for a, b, status in rows
                if status in (PlacementStatus.DECLINED, PlacementStatus.WITHDRAWN)}
    return kept, declined
