"""What publishing a round would do, before it is done: who is offered what, until when, and who cannot be
reached by e-mail and how they will be (a text, to those who agreed to texts, or staff).

The preview asks the round lifecycle's own guard (``lifecycle.check``) whether the round may be
published, and picks addresses by the same rule as the publication (``publishing``), so what it shows is
what ``publish_round`` does. Nothing is written.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import Employer, MatchRound, Placement, PlacementStatus, RoundState, Slot, StudentProfile
from wbl_match.models.base import utcnow
from wbl_match.services.outbox.texts import text_address
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds import lifecycle
from wbl_match.services.rounds.publishing import _employer_addresses, offer_deadline

#: How a student without an e-mail address is reached, and an employer without one.
STUDENT_WITHOUT_EMAIL = ("gets no e-mail: tell them in person or by phone (their school can help); you can "
                         "answer for them on the review page until the deadline")
EMPLOYER_WITHOUT_EMAIL = "gets no e-mail: they see the students offered under Placements when they sign in"


@dataclass(frozen=True)
class Offer:
    placement: Placement
    #: Where the student's e-mail goes; None when they have no address.
    address: str | None
    #: The number their text goes to (they agreed to texts); None when they get none.
    text_to: str | None = None

    @property
    def told_by(self) -> str:
        """How the student learns of the offer, in words for the preview."""
        if self.address and self.text_to:
            return "e-mail and text"
        if self.address:
            return "e-mail"
        return "text only (no e-mail)" if self.text_to else "you (no e-mail)"


@dataclass(frozen=True)
class EmployerNotice:
    employer: Employer
    offers: int
    address: str | None


@dataclass
class PublishPreview:
    match_round: MatchRound
    expires_at: datetime
    offers: list[Offer] = field(default_factory=list)
    employers: list[EmployerNotice] = field(default_factory=list)

    @property
    def unreachable_students(self) -> list[Offer]:
        return [o for o in self.offers if o.address is None]

    @property
    def unreachable_employers(self) -> list[EmployerNotice]:
        return [e for e in self.employers if e.address is None]

    @property
    def texts(self) -> int:
        """How many text messages publishing puts in the outbox."""
        return sum(o.text_to is not None for o in self.offers)

    @property
    def emails(self) -> int:
        """How many e-mails publishing puts in the outbox."""
        return sum(o.address is not None for o in self.offers) + sum(e.address is not None for e in self.employers)


def student_address(placement: Placement) -> str | None:
    """The address a student's offer goes to (the one ``publishing`` uses)."""
    student = placement.student
    return student.email or (student.user.email if student.user else None)


def publish_preview(session: Session, match_round: MatchRound, now: datetime | None = None) -> PublishPreview:
    """What publishing ``match_round`` now would do; ``RoundError`` when the round may not be published."""
    if match_round.state is RoundState.PUBLISHED:
        raise RoundError("This round is already published.")
    lifecycle.check(session, match_round, "publish")
    placements = session.scalars(
        sa.select(Placement).where(Placement.round_id == match_round.id, Placement.status == PlacementStatus.PROPOSED)
        .options(selectinload(Placement.student).selectinload(StudentProfile.user),
                 selectinload(Placement.student).selectinload(StudentProfile.school),
                 selectinload(Placement.slot).selectinload(Slot.employer))
        .join(StudentProfile, StudentProfile.id == Placement.student_id)
        .order_by(StudentProfile.last_name, StudentProfile.first_name, Placement.id)).all()
    preview = PublishPreview(match_round, offer_deadline(match_round, now or utcnow()))
    by_employer: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        preview.offers.append(Offer(placement, student_address(placement), text_address(placement.student)))
        by_employer[placement.slot.employer_id].append(placement)
    for offered in by_employer.values():
        employer = offered[0].slot.employer
        addresses = _employer_addresses(session, employer.id)
        preview.employers.append(EmployerNotice(employer, len(offered), addresses[0] if addresses else None))
    preview.employers.sort(key=lambda e: e.employer.name)
    return preview
