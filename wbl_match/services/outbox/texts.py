"""Who gets text messages: a student who agreed to them (and has not said STOP since), at a number a text
can go to, while the service has a text message provider. Consent is recorded here too: who gave it, when,
on which page; STOP ends it, said on the profile or replied to the text number (the provider then refuses
the next text with its STOP code, and ``said_stop`` records it).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from wbl_match import sms
from wbl_match.domain.phones import text_number
from wbl_match.languages import N_
from wbl_match.models import StudentProfile, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import FieldErrors, rolls_back_refusals


def text_address(student: StudentProfile) -> str | None:
    """The number the student's texts go to (E.164), or None when they get none."""
    if not sms.texts_enabled() or not student.sms_opt_in or student.withdrawn_at is not None:
        return None
    return text_number(student.phone)


@rolls_back_refusals
def set_texts(session: Session, actor: User, student: StudentProfile, wanted: bool, page: str,
              phone: str | None = None) -> StudentProfile:
    """The student agrees to texts at ``phone`` (or their number on record), or says STOP (``wanted`` False).

    Agreeing records who agreed, when and on which ``page``; STOP records when. A number that cannot get
    texts is refused by field (``phone``)."""
    if wanted:
        number = phone if phone is not None and phone.strip() else student.phone
        if text_number(number) is None:
            raise FieldErrors({"phone": [N_("Give a mobile number that can get text messages, such as (559) 555-0134.")]})
        actor_id = actor.id
        student.phone = number.strip()
        student.sms_consented_at, student.sms_consented_by_id = utcnow(), actor_id
        student.sms_consent_page = page[:200]
        student.sms_opt_in = True
        record_event(session, actor, "student.texts_agreed", student, page=page[:200])
    elif student.sms_opt_in:
        student.sms_opt_in = False
        student.sms_stopped_at = utcnow()
        record_event(session, actor, "student.texts_stopped", student, page=page[:200])
    session.commit()
    return student


def said_stop(session: Session, consortium_id: int, number: str) -> int:
    """The provider says ``number`` replied STOP: every student of the consortium who agreed to texts at it
    is opted out, as if they had said STOP on their profile (the caller commits). Returns how many."""
    import sqlalchemy as sa

    found = 0
    for student in session.scalars(sa.select(StudentProfile).where(StudentProfile.consortium_id == consortium_id,
                                                                   StudentProfile.sms_opt_in.is_(True))):
        if text_number(student.phone) == number:
            student.sms_opt_in, student.sms_stopped_at = False, utcnow()
            record_event(session, None, "student.texts_stopped", student, page="STOP replied to the text number")
            found += 1
    return found
