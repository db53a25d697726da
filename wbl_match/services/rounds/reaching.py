"""Reaching people without e-mail: the offers of a published round still waiting for an answer from a
student the publish could not e-mail, for staff to call (their phone numbers) and to send a letter home."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import MatchRound, Placement, PlacementStatus, Slot, StudentProfile
from wbl_match.services.outbox.family_mail import language_of_guardian, language_of_student
from wbl_match.services.outbox.texts import text_address


def has_email(student: StudentProfile) -> bool:
    """Whether the publish could e-mail the student (their record's address, or their account's)."""
    return bool(student.email or (student.user is not None and student.user.email))


@dataclass(frozen=True)
class Unreached:
    """An offer waiting for the answer of a student without e-mail, and how to reach them."""

    placement: Placement
    student: StudentProfile
    expires_at: datetime | None
    language: str
    guardian_language: str

    @property
    def has_phone(self) -> bool:
        return bool(self.student.phone or self.student.guardian_phone)

    @property
    def text_to(self) -> str | None:
        """The number their texts go to (offer, reminders), when they agreed to texts."""
        return text_address(self.student)


def not_yet_reached(session: Session, match_round: MatchRound) -> list[Unreached]:
    """The round's open offers whose student has no e-mail address, by last and first name."""
    placements = session.scalars(
        sa.select(Placement).join(StudentProfile, Placement.student_id == StudentProfile.id)
        .where(Placement.round_id == match_round.id, Placement.status == PlacementStatus.OFFERED)
        .options(selectinload(Placement.student).selectinload(StudentProfile.user),
                 selectinload(Placement.student).selectinload(StudentProfile.school),
                 selectinload(Placement.slot).selectinload(Slot.employer),
                 selectinload(Placement.slot).selectinload(Slot.shifts))
        .order_by(StudentProfile.last_name, StudentProfile.first_name, Placement.id)).all()
    return [Unreached(p, p.student, p.expires_at, language_of_student(p.student), language_of_guardian(p.student))
            for p in placements if not has_email(p.student)]

