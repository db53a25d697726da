"""Who sees a placement: its student and its employer from the moment it was offered, whatever the round does next.

A re-match moves its round through solving and solved again, but an offer already out (and its answer)
stays in front of the student and the employer, as it stays in front of the coordinator: the three see
the same placement with the same status. A proposal (never offered) is the coordinator's alone.
"""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.models import Placement, PlacementStatus

#: Statuses only an offer reaches (a withdrawn placement was offered only if it has ``offered_at``).
OFFER_STATUSES = (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED, PlacementStatus.DECLINED)


def shown_to_participants() -> sa.ColumnElement[bool]:
    """The placements their student and employer see (an SQL condition on ``Placement``)."""
    return sa.or_(Placement.offered_at.is_not(None), Placement.status.in_(OFFER_STATUSES))


def is_shown(placement: Placement) -> bool:
    """The placement is one its student and employer see."""
    return placement.offered_at is not None or placement.status in OFFER_STATUSES
