"""The e-mails students and families read come in their language: the offer, the consent request, the
reminder before the start; with the consortium's local day written the reader's way."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from wbl_match.models import OutboxMessage, Role
from wbl_match.services.outbox import family_mail
from wbl_match.services.outbox.sealing import unseal
from wbl_match.services.outbox.templates import SECRET_PLACEHOLDER
from wbl_match.services.placements import lifecycle
from wbl_match.services.placements.consent import send_consent_link
from wbl_match.services.placements.reminders import send_reminders
from wbl_match.services.rounds import publish_round, request_solve, run_round
from tests.after_support import make_accepted, student_user, today  # noqa: F401
from tests.services.rounds_support import build_round


def _to(session, address: str) -> OutboxMessage:
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == address)).one()


@pytest.fixture
def kept(app):
    """Deliveries wait (the embedded default delivers on commit, and erases the sealed link once sent)."""
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    return app


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


def test_each_student_reads_the_offer_in_their_language(session, consortium, make_school, make_student, make_slot):
    match_round, students, _ = build_round(session, consortium, make_school, make_student, make_slot, students=2,
                                           offers_expire_at=datetime(2027, 6, 2, 3, 0, tzinfo=timezone.utc))
    students[0].language, students[1].language = "es", None
    session.commit()
    run_round(session, request_solve(session, None, match_round.id).id)
    publish_round(session, None, match_round.id)
    spanish, english = _to(session, students[0].email), _to(session, students[1].email)
    assert spanish.subject.startswith("Tu oferta de prácticas: ")
    # 03:00 UTC on 2 June is still 1 June in California.
    assert spanish.body.startswith(f"Hola, {students[0].first_name}:") and "antes del 1 de junio de 2027" in spanish.body
    assert english.subject.startswith("Your work-based learning offer: ")
    assert "Please accept or decline by June 1, 2027" in english.body


def test_the_guardian_reads_the_consent_request_in_their_language_and_the_link_opens_in_it(
        kept, session, make_accepted, coordinator):
    placement = make_accepted(language="en", guardian_language="es")
    progress = lifecycle.progress_of(session, placement)
    session.commit()
    send_consent_link(session, coordinator, progress, "madre@example.org", lambda t: f"https://x/consent/{t}")
    message = _to(session, "madre@example.org")
    assert message.subject == f"Permiso para las prácticas de {placement.student.first_name}"
    assert "Abra este enlace (funciona una sola vez, hasta el " in message.body
    # The link is sealed beside the body, never kept in it; it opens the consent page in Spanish.
    assert SECRET_PLACEHOLDER in message.body and "/consent/" not in message.body
    assert unseal(message.sealed).endswith("?lang=es")


def test_without_a_guardians_language_the_guardian_is_written_to_in_the_students(session, make_accepted,
                                                                                 coordinator):
    placement = make_accepted(language="es", guardian_language=None)
    assert family_mail.language_of_guardian(placement.student) == "es"
    placement.student.language = None
    assert family_mail.language_of_guardian(placement.student) == "en"


def test_the_reminder_before_the_start_is_in_the_students_language(session, make_accepted, coordinator):
    placement = make_accepted(language="es")
    lifecycle.progress_of(session, placement).start_on = today() + timedelta(days=3)
    session.commit()
    send_reminders(session, coordinator, coordinator.consortium_id, today(), lambda t: f"/h/{t}")
    message = _to(session, student_user(placement).email)
    assert message.subject.startswith("Antes de que empiecen tus prácticas el ")
    assert "- Permiso del padre, la madre o el tutor: el padre, la madre o el tutor todavía no ha firmado" \
        in message.body
    assert "Pídele a tu padre, madre o tutor que abra el enlace" in message.body


def test_a_local_day_is_written_in_the_readers_language():
    moment = datetime(2027, 3, 2, 1, 0, tzinfo=timezone.utc)
    assert family_mail.local_day(moment, "en") == "March 1, 2027"
    assert family_mail.local_day(moment, "es") == "1 de marzo de 2027"
    assert family_mail.local_day(date(2027, 3, 2), "es") == "2 de marzo de 2027"


def test_a_student_is_invited_in_their_language_with_the_deadline_in_local_time(kept, session, coordinator,
                                                                                make_student):
    from wbl_match.services.accounts.invitations import InvitationRequest, create_invitation

    spanish = make_student(language="es")
    created = create_invitation(session, coordinator, InvitationRequest(
        role=Role.STUDENT, email="ana@example.org", student_external_id=spanish.external_id), lambda t: f"/i/{t}")
    message = _to(session, "ana@example.org")
    assert message.subject == "Tu invitación a WBL Match" and "te invita a WBL Match" in message.body
    assert SECRET_PLACEHOLDER in message.body and created.link not in message.body and "UTC" not in message.body
    assert unseal(message.sealed) == f"{created.link}?lang=es"
    english = make_student()
    create_invitation(session, coordinator, InvitationRequest(
        role=Role.STUDENT, email="ben@example.org", student_external_id=english.external_id), lambda t: f"/i/{t}")
    message = _to(session, "ben@example.org")
    assert message.subject == "Your WBL Match invitation" and "UTC" not in message.body
    assert " PST)" in message.body or " PDT)" in message.body
