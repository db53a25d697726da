"""Text messages: through Twilio's own library to a local stand-in of its Messages endpoint; only to students
who agreed, never after STOP; the same claims, retries and failures as e-mail."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from wbl_match import sms
from wbl_match.domain.phones import masked, text_number
from wbl_match.models import AuditEvent, OutboxMessage, OutboxStatus, Role
from wbl_match.services.errors import FieldErrors
from wbl_match.services.outbox import delivery
from wbl_match.services.outbox.messages import queue_sms, queue_text
from wbl_match.services.outbox.templates import SECRET_PLACEHOLDER, Text
from wbl_match.services.outbox.texts import set_texts, text_address
from wbl_match.outbox_jobs import mail_settings
from tests.sms_support import ACCOUNT_SID, FROM_NUMBER, texts_on, twilio_endpoint  # noqa: F401


@pytest.fixture
def kept(app):
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    app.config["BASE_URL"] = "https://wbl.example.org"
    return app


def _deliver(session, settings):
    return delivery.deliver_due(session, mail_settings(), sms_settings=settings)


@pytest.mark.parametrize("written, number", [
    ("(559) 555-0134", "+15595550134"), ("559.555.0134", "+15595550134"), ("1 559 555 0134", "+15595550134"),
    ("+52 55 1234 5678", "+525512345678"), ("555-0134", None), ("(059) 555-0134", None), ("call me", None),
    ("", None), (None, None), ("+0123456789", None),
])
def test_a_number_is_written_for_texts_in_e164_or_refused(written, number):
    assert text_number(written) == number


def test_a_masked_number_shows_only_its_last_four_digits():
    assert masked("+15595550134") == "+1 ••• ••• 0134"


def test_a_text_goes_through_twilios_library_to_the_endpoint_with_its_page_address(
        kept, session, consortium, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    message = queue_sms(session, consortium.id, "+15595550134",
                        Text("Text: offer", "WBL Match: answer your offer by June 1:", "/student/placements/7", "en"))
    session.commit()

    counts = _deliver(session, settings)

    assert counts["sent"] == 1
    [post] = twilio_endpoint.posts
    assert post["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert (post["To"], post["From"]) == ("+15595550134", FROM_NUMBER)
    assert post["Body"] == "WBL Match: answer your offer by June 1: https://wbl.example.org/student/placements/7"
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.channel == "sms" and message.attempts == 1


def test_e_mail_and_texts_due_together_each_go_their_own_way(kept, session, consortium, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    mail = queue_text(session, consortium.id, "ana@example.org", Text("Hello", "Hello Ana"))
    text = queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola Ana"))
    session.commit()

    assert _deliver(session, settings) == {"sent": 1, "saved": 1, "retrying": 0, "failed": 0}
    assert [p["Body"] for p in twilio_endpoint.posts] == ["Hola Ana"]
    session.refresh(mail), session.refresh(text)
    assert mail.status is OutboxStatus.LOGGED and text.status is OutboxStatus.SENT


def test_a_number_that_said_stop_to_twilio_fails_for_good_at_once(kept, session, consortium, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    twilio_endpoint.refuse["+15595550134"] = (400, 21610)
    message = queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola"))
    session.commit()

    assert _deliver(session, settings)["failed"] == 1
    session.refresh(message)
    assert message.status is OutboxStatus.FAILED and "21610" in message.error and message.attempts == 1


def test_a_stop_replied_to_the_text_number_opts_the_student_out(kept, session, consortium, make_student,
                                                                 make_user, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    user = make_user(Role.STUDENT)
    student = make_student(phone="(559) 555-0134", user_id=user.id)
    set_texts(session, user, student, True, "student profile")
    twilio_endpoint.refuse["+15595550134"] = (400, 21610)
    queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola"))
    session.commit()

    _deliver(session, settings)

    session.refresh(student)
    assert not student.sms_opt_in and student.sms_stopped_at is not None and text_address(student) is None


def test_a_refused_text_is_tried_again_with_backoff_then_fails(kept, session, consortium, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    twilio_endpoint.refuse["+15595550134"] = (400, 30007)
    message = queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola"))
    session.commit()

    assert _deliver(session, settings)["retrying"] == 1
    session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.attempts == 1 and "30007" in message.error
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        message.next_attempt_at = None
        session.commit()
        _deliver(session, settings)
        session.refresh(message)
    assert message.status is OutboxStatus.FAILED and message.attempts == delivery.MAX_ATTEMPTS


def test_texts_wait_when_the_provider_cannot_be_reached(kept, session, consortium, twilio_endpoint):
    settings = texts_on(kept, twilio_endpoint.url)
    twilio_endpoint.server.shutdown()
    twilio_endpoint.server.server_close()
    message = queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola"))
    session.commit()

    assert _deliver(session, settings)["retrying"] == 1
    session.refresh(message)
    assert message.status is OutboxStatus.PENDING and message.next_attempt_at is not None
    assert "ProviderUnreachable" in message.error


def test_a_text_queued_while_no_provider_is_configured_waits_and_says_why(kept, session, consortium):
    message = queue_sms(session, consortium.id, "+15595550134", Text("Text", "Hola"))
    session.commit()

    assert _deliver(session, sms.SmsSettings())["retrying"] == 1
    session.refresh(message)
    assert "WBL_SMS_PROVIDER" in message.error


def test_a_one_time_link_never_goes_by_text(session, consortium):
    with pytest.raises(ValueError, match="never goes by text"):
        queue_sms(session, consortium.id, "+15595550134", Text("Text", f"Open {SECRET_PLACEHOLDER}"))


@pytest.mark.parametrize("config, problem", [
    ({"SMS_PROVIDER": "pigeon"}, "must be one of twilio"),
    ({"SMS_PROVIDER": "twilio", "TWILIO_ACCOUNT_SID": "AC1"}, "needs TWILIO_ACCOUNT_SID"),
])
def test_a_provider_unknown_or_without_its_account_is_refused_at_the_start(config, problem):
    with pytest.raises(ValueError, match=problem):
        sms.SmsSettings.from_mapping(config)


def test_texts_are_off_unless_a_provider_is_named():
    assert not sms.SmsSettings.from_mapping({}).enabled
    assert not sms.texts_enabled()


def test_a_student_gets_texts_only_after_agreeing_and_no_more_after_stop(
        kept, session, make_student, make_user, twilio_endpoint):
    user = make_user(Role.STUDENT)
    student = make_student(phone="(559) 555-0134", user_id=user.id)
    texts_on(kept, twilio_endpoint.url)
    assert text_address(student) is None  # not agreed

    set_texts(session, user, student, True, "student profile")
    assert text_address(student) == "+15595550134"
    assert student.sms_consented_at is not None and student.sms_consented_by_id == user.id
    assert student.sms_consent_page == "student profile"

    set_texts(session, user, student, False, "student profile")
    assert text_address(student) is None and student.sms_stopped_at is not None
    assert student.sms_consented_at is not None  # the record of consent stays
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_id == student.id)
                              .order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["student.texts_agreed", "student.texts_stopped"]


def test_agreeing_to_texts_needs_a_number_that_can_get_them(session, make_student, make_user):
    user = make_user(Role.STUDENT)
    student = make_student(phone=None, user_id=user.id)
    with pytest.raises(FieldErrors) as refused:
        set_texts(session, user, student, True, "student profile", phone="555-01")
    assert "phone" in refused.value.errors
    assert not student.sms_opt_in and student.sms_consented_at is None


def test_no_student_gets_texts_while_texts_are_off(session, make_student, make_user):
    user = make_user(Role.STUDENT)
    student = make_student(phone="(559) 555-0134", user_id=user.id)
    set_texts(session, user, student, True, "student profile")
    assert student.sms_opt_in and text_address(student) is None


def test_a_withdrawn_student_gets_no_texts(kept, session, make_student, make_user, twilio_endpoint):
    from wbl_match.models.base import utcnow
    from wbl_match.models.enums import WithdrawalReason

    user = make_user(Role.STUDENT)
    student = make_student(phone="(559) 555-0134", user_id=user.id)
    texts_on(kept, twilio_endpoint.url)
    set_texts(session, user, student, True, "student profile")
    student.withdrawn_at, student.withdrawal_reason = utcnow(), list(WithdrawalReason)[0]
    session.commit()
    assert text_address(student) is None
