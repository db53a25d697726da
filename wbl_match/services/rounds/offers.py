"""Answering a placement offer: the student accepts or declines before the deadline, or staff on their behalf.

The web (student and staff pages) and the API call the same function. An offer is answered once: the
answer is a conditional update of a row still offered, so of many answers sent at once exactly one is
recorded and the others are refused (``OfferRefused``, a 409).
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.languages import N_
from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refusal, rolls_back_refusals
from wbl_match.services.rounds.lifecycle import event_allowed

STAFF = (Role.INTERMEDIARY, Role.ADMIN)
ANSWERED = N_("This offer has already been answered or withdrawn.")


class OfferRefused(Refusal):
    """The offer cannot be answered now; ``message`` says why. ``errors`` maps form fields to messages.

    About the decision itself it is a 409 (the offer's state forbids it); about another field a 422.
    """

    def __init__(self, message: str, field: str = "decision") -> None:
        super().__init__(message, {field: [message]})
        self.status = 409 if field == "decision" else 422


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@rolls_back_refusals
def respond_to_offer(session: Session, actor: User, placement: Placement, accept: bool,
                     reason: str | None = None) -> Placement:
    """Accept or decline an offer. The student answers their own; staff may answer for them, with a reason."""
    reason = (reason or "").strip() or None
    on_behalf = actor.role in STAFF
    if on_behalf:
        if actor.consortium_id != placement.round.consortium_id:
            raise OfferRefused("This placement belongs to another consortium.")
        if reason is None:
            raise OfferRefused("Say why you are answering for the student.", "reason")
    elif actor.role is not Role.STUDENT or placement.student.user_id != actor.id:
        raise OfferRefused(N_("Only the student, or their coordinator, can answer this offer."))
    if reason is not None and len(reason) > 500:
        raise OfferRefused("Keep the reason under 500 characters.", "reason")
    event = "offer_accepted" if accept else "offer_declined"
    if placement.status is not PlacementStatus.OFFERED or not event_allowed(placement.round.state, event):
        raise OfferRefused(ANSWERED)
    if placement.expires_at is not None and utcnow() >= _aware(placement.expires_at):
        raise OfferRefused(N_("The deadline to answer this offer has passed."))
    _hold_round(session, placement.round_id)
    status = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
    now = utcnow()
    # One answer wins: the row changes only while it is still an open offer of a published round.
    answered = session.execute(
        sa.update(Placement).where(
            Placement.id == placement.id, Placement.status == PlacementStatus.OFFERED,
            sa.or_(Placement.expires_at.is_(None), Placement.expires_at > now),
            sa.exists().where(MatchRound.id == Placement.round_id, MatchRound.state == RoundState.PUBLISHED))
        .values(status=status, responded_at=now, responded_by_id=getattr(actor, "id", None),
                response_reason=reason)
        .execution_options(synchronize_session=False)).rowcount
    if answered != 1:
        session.rollback()
        raise OfferRefused(ANSWERED)
    record_event(session, actor, "placement.accepted" if accept else "placement.declined", placement,
                 consortium_id=placement.round.consortium_id, on_behalf=on_behalf)
    session.commit()
    session.refresh(placement)
    return placement


def _hold_round(session: Session, round_id: int) -> None:
    """Hold the round's row so a re-match cannot start between the check and the answer (PostgreSQL: a share
    lock; SQLite serialises writers itself)."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(sa.select(MatchRound.id).where(MatchRound.id == round_id).with_for_update(read=True))


def offer_is_open(placement: Placement) -> bool:
    """The offer can still be answered: offered in a published round and its deadline not passed."""
    if placement.status is not PlacementStatus.OFFERED or placement.round.state is not RoundState.PUBLISHED:
        return False
    return placement.expires_at is None or utcnow() < _aware(placement.expires_at)
