"""Publishing a solved round: proposed placements become offers, and everyone concerned is told.

Each student receives one e-mail about their offer (and a text, if they agreed to texts); each employer one
e-mail listing the students offered their slots. The messages go into the outbox in the same transaction as the offers.
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
from wbl_match import localisation
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.outbox import family_mail, templates
from wbl_match.services.outbox.messages import queue_sms, queue_text
from wbl_match.services.outbox.texts import text_address
from wbl_match.services.rounds import capacity, lifecycle
from wbl_match.services.rounds.errors import RoundError
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
    """What a publication did: offers made, students who have no e-mail address to be told by, and the
    proposals that were not offered because their slot was closed or full meanwhile (``capacity.Dropped``)."""

    offers: int
    without_email: int
    dropped: tuple = ()


def publish_round(session: Session, actor: User, round_id: int) -> Published:
    """Turn the round's proposed placements into offers with a deadline, and notify by e-mail.

    Under the slots' locks, each proposal is checked again against its slot: closed since the solve, or
    its places taken meanwhile by another round, it is dropped (deleted, its student unplaced until a
    re-match) and ``Published.dropped`` says why.
    """
    match_round = lock_round(session, round_id)
    try:
        if match_round.state is RoundState.PUBLISHED:
            raise RoundError("This round is already published.")
        lifecycle.check(session, match_round, "publish")
        proposals = session.scalars(
            sa.select(Placement).where(Placement.round_id == round_id, Placement.status == PlacementStatus.PROPOSED)
            .order_by(Placement.pinned.desc(), Placement.cost, Placement.id)).all()
        fits, dropped = capacity.fit(session, round_id, [(p.student_id, p.slot_id, p.pinned) for p in proposals],
                                     verb="offered")
        for placement in proposals:
            if (placement.student_id, placement.slot_id) not in fits:
                session.delete(placement)
        session.flush()
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
                     expires_at=expires.isoformat(), without_email=without_email, dropped=len(dropped),
                     dropped_reasons=sorted({d.reason for d in dropped}))
        session.commit()
    except Exception:
        session.rollback()
        raise
    return Published(len(placements), without_email, tuple(dropped))


def _notify(session: Session, match_round: MatchRound, placements: list[Placement], expires: datetime) -> int:
    """Queue the e-mails; return how many students have no address (staff must tell them another way)."""
    when = localisation.format_day(expires, localisation.consortium_zone())
    without_email = 0
    by_employer: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_employer[placement.slot.employer_id].append(placement)
        address = placement.student.email or (placement.student.user.email if placement.student.user else None)
        language = family_mail.language_of_student(placement.student)
        if address:
            queue_text(session, match_round.consortium_id, address,
                       family_mail.offer(placement.student, placement.slot, match_round.name, expires,
                                         language, placement.id))
        else:
            without_email += 1
        if number := text_address(placement.student):
            queue_sms(session, match_round.consortium_id, number,
                      family_mail.offer_sms(placement.slot, expires, language, placement.id))
    for employer_id, offered in by_employer.items():
        for address in _employer_addresses(session, employer_id):
            queue_text(session, match_round.consortium_id, address, _employer_text(offered, match_round, when))
    return without_email


def _employer_text(offered: list[Placement], match_round: MatchRound, when: str) -> templates.Text:
    lines = [f"  {p.slot.title}: {p.student.first_name} {p.student.last_name[:1]}." for p in offered]
    return templates.employer_offers(lines, match_round.name, when, match_round.id)


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

