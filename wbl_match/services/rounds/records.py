"""Placements as records: found only within their round's consortium (placements carry no consortium)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement


def placement_in_consortium(session: Session, placement_id: int, consortium_id: int) -> Placement | None:
    """The placement if its round belongs to the consortium."""
    return session.scalar(sa.select(Placement).join(MatchRound, Placement.round_id == MatchRound.id)
                          .where(Placement.id == placement_id, MatchRound.consortium_id == consortium_id))
