"""Publishing a solved round: proposed placements become offers, and everyone concerned is told.

Each student receives one e-mail about their offer; each employer one e-mail listing the students offered
their slots. The messages go into the outbox in the same transaction as the offers.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    EmployerContact, MatchRound, Placement, PlacementStatus, Role, RoundState, Slot, StudentProfile, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.outbox import family_mail
from wbl_match.services.outbox.messages import queue_message
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.lifecycle import require_move
from wbl_match.services.rounds.locking import lock_round

#: How long an offer stays open when the round sets no deadline (or one already past).
DEFAULT_OFFER_DAYS = 14


def offer_deadline(match_round: MatchRound, now: datetime) -> datetime:
    """When offers made now expire: the round's deadline, or two weeks when it has none still ahead."""
    deadline = match_round.offers_expire_at
    if deadline is not None and deadline.tzinfo is None:
        deadline = deadline.replace(tzinfo=now.tzinfo)
    return deadline if deadline is not None and deadline > now else now + timedelta(days=DEFAULT_OFFER_DAYS)


@dataclass(frozen=True)
class Published:
    """What a publication did: offers made, and students who have no e-mail address to be told by."""

    offers: int
    without_email: int


def publish_round(session: Session, actor: User, round_id: int) -> Published:
    """Turn the round's proposed placements into offers with a deadline, and notify by e-mail."""
    match_round = lock_round(session, round_id)
    try:
        if match_round.state is RoundState.PUBLISHED:
            raise RoundError("This round is already published.")
        require_move(match_round, RoundState.PUBLISHED, "published until it is solved")
        placements = session.scalars(
            sa.select(Placement).where(Placement.round_id == round_id, Placement.status == PlacementStatus.PROPOSED)
            .options(selectinload(Placement.student).selectinload(StudentProfile.user),
                     selectinload(Placement.slot).selectinload(Slot.employer))
            .order_by(Placement.id)).all()
        now = utcnow()
        expires = offer_deadline(match_round, now)
        for placement in placements:
            placement.status, placement.offered_at, placement.expires_at = PlacementStatus.OFFERED, now, expires
        match_round.state = RoundState.PUBLISHED
        without_email = _notify(session, match_round, placements, expires)
        record_event(session, actor, "round.published", match_round, offers=len(placements),
                     expires_at=expires.isoformat(), without_email=without_email)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return Published(len(placements), without_email)


def _notify(session: Session, match_round: MatchRound, placements: list[Placement], expires: datetime) -> int:
    """Queue the e-mails; return how many students have no address (staff must tell them another way)."""
    when = expires.strftime("%d %B %Y")
    without_email = 0
    by_employer: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_employer[placement.slot.employer_id].append(placement)
        address = placement.student.email or (placement.student.user.email if placement.student.user else None)
        if address:
            subject, body = family_mail.offer(placement.student, placement.slot, match_round.name, expires,
                                              family_mail.language_of_student(placement.student))
            queue_message(session, match_round.consortium_id, address, subject, body)
        else:
            without_email += 1
    for employer_id, offered in by_employer.items():
        for address in _employer_addresses(session, employer_id):
            queue_message(session, match_round.consortium_id, address,
                          f"{_students(len(offered))} offered your slots in {match_round.name}",
                          _employer_body(offered, match_round, when))
    return without_email


def _students(count: int) -> str:
    return f"{count} student{'s' if count != 1 else ''}"


def _employer_body(offered: list[Placement], match_round: MatchRound, when: str) -> str:
    lines = [f"  {p.slot.title}: {p.student.first_name} {p.student.last_name[:1]}." for p in offered]
    return (f"Hello,\n\nIn {match_round.name} these students have been offered your slots:\n\n"
            + "\n".join(lines) + f"\n\nThey have until {when} to answer. Sign in to wbl_match for details.\n")


def _employer_addresses(session: Session, employer_id: int) -> list[str]:
    contacts = session.scalars(sa.select(EmployerContact.email).where(
        EmployerContact.employer_id == employer_id, EmployerContact.email.is_not(None))
        .order_by(EmployerContact.is_primary.desc(), EmployerContact.id)).all()
    if contacts:
        return [contacts[0]]
    users = session.scalars(sa.select(User.email).where(User.employer_id == employer_id,
                                                        User.role == Role.EMPLOYER).order_by(User.id)).all()
    return list(users[:1])


def ensure_published(match_round: MatchRound) -> None:
    """Raise unless the round is published (offers exist only in published rounds)."""
    if match_round.state is not RoundState.PUBLISHED:
        raise RoundError("Offers can only be answered in a published round.")

