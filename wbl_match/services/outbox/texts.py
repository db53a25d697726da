"""Who gets text messages: a student who agreed to them (and has not said STOP since), at a number a text
can go to, while the service has a text message provider. Consent is recorded here too: who gave it, when,
on which page; STOP ends it (``stop_texts``, the one rule), said on the profile, replied to the text number
(Twilio calls the incoming-texts webhook: ``incoming_text``) or learnt when the provider refuses a text
with its STOP code (``said_stop``). START replied to the number records a note only: consent is given
again on the profile page, where who agreed, when and on which page are recorded.
"""
from __future__ import annotations

import sqlalchemy as sa
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
    else:
        stop_texts(session, actor, student, page)
    session.commit()
    return student


def stop_texts(session: Session, actor: User | None, student: StudentProfile, page: str) -> bool:
    """STOP: the student gets no more texts until they agree again; audited with where it was said. True
    when they were getting texts (the caller commits)."""
    if not student.sms_opt_in:
        return False
    student.sms_opt_in = False
    student.sms_stopped_at = utcnow()
    record_event(session, actor, "student.texts_stopped", student, page=page[:200])
    return True


def said_stop(session: Session, consortium_id: int, number: str) -> int:
    """The provider says ``number`` replied STOP: every student of the consortium who agreed to texts at it
    is opted out, as if they had said STOP on their profile (the caller commits). Returns how many."""
    return sum(stop_texts(session, None, student, STOP_REFUSED)
               for student in _at_number(session, number, StudentProfile.consortium_id == consortium_id))


#: Where a STOP was said, as the audit records it.
STOP_REFUSED = "STOP replied to the text number (the provider refused a text)"
STOP_REPLIED = "STOP replied to the text number"


def _at_number(session: Session, number: str, *where) -> list[StudentProfile]:
    """The students who ever agreed to texts whose number on record is ``number`` (E.164)."""
    query = sa.select(StudentProfile).where(StudentProfile.sms_consented_at.is_not(None), *where)
    return [student for student in session.scalars(query.order_by(StudentProfile.id))
            if text_number(student.phone) == number]


@rolls_back_refusals
def incoming_text(session: Session, from_number: str | None, body: str | None) -> str | None:
    """A text someone sent to the service's number (the provider's webhook, its signature already checked).

    STOP (or STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT) opts out every student who agreed to texts at that
    number, in any consortium, as *Stop text messages* on the profile does. START (or UNSTOP) records a note
    on each such student and nothing else: agreeing again is done on the profile page. Anything else is
    left alone. Returns the keyword (``"stop"``, ``"start"``) or None; the answer to the sender is the same
    whether the number is known or not."""
    word = sms.keyword(body)
    number = text_number(from_number)
    if word is None or number is None:
        return word
    for student in _at_number(session, number):
        if word == "stop":
            stop_texts(session, None, student, STOP_REPLIED)
        else:
            record_event(session, None, "student.texts_start_replied", student,
                         note="START replied to the text number; texts resume only when consent is given again "
                              "on the profile page")
    session.commit()
    return word
