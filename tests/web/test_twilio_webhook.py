"""Twilio's webhook for incoming texts (POST /hooks/twilio/messages): only a request signed by Twilio with
the account's auth token is read; STOP and its kin opt the sender out as the profile's STOP does, START is
noted only; no sign-in or CSRF token; the same empty TwiML whether the number is known or not."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from wbl_match import sms
from wbl_match.models import AuditEvent, Role
from wbl_match.services.outbox.texts import STOP_REPLIED, set_texts, text_address
from tests.sms_support import AUTH_TOKEN, FROM_NUMBER, texts_on

URL = "http://localhost/hooks/twilio/messages"
NUMBER = "+15595550134"


@pytest.fixture
def texting(app):
    app.config["WTF_CSRF_ENABLED"] = True  # the webhook must work with CSRF protection on
    yield texts_on(app, "http://127.0.0.1:9")
    sms.bind(sms.SmsSettings())


@pytest.fixture
def agreed(session, make_student, make_user, texting):
    """A student who agreed to texts at ``NUMBER`` on their profile."""
    user = make_user(Role.STUDENT)
    student = make_student(phone="(559) 555-0134", user_id=user.id)
    set_texts(session, user, student, True, "student profile")
    return student


def _params(body: str, sender: str = NUMBER) -> dict[str, str]:
    return {"MessageSid": "SM" + "1" * 32, "AccountSid": "AC" + "0" * 32, "From": sender, "To": FROM_NUMBER,
            "Body": body, "NumMedia": "0"}


def _post(client, params, *, token=AUTH_TOKEN, url=URL, signature=None):
    signature = signature if signature is not None else RequestValidator(token).compute_signature(url, params)
    return client.post("/hooks/twilio/messages", data=params, headers={"X-Twilio-Signature": signature})


def _actions(session, student):
    return session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_type == "student_profiles",
                                                              AuditEvent.entity_id == student.id)
                           .order_by(AuditEvent.id)).all()


@pytest.mark.parametrize("body", ["STOP", "stop", "  Stop \n", "STOPALL", "unsubscribe", "Cancel", "END", "quit"])
def test_a_signed_stop_opts_the_student_out_as_the_profiles_stop_does(client, session, agreed, body):
    response = _post(client, _params(body))

    assert response.status_code == 200
    assert response.mimetype == "text/xml" and response.get_data(as_text=True) == sms.EMPTY_TWIML
    session.refresh(agreed)
    assert not agreed.sms_opt_in and agreed.sms_stopped_at is not None and text_address(agreed) is None
    assert agreed.sms_consented_at is not None  # the record of consent stays
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "student.texts_stopped",
                                                        AuditEvent.entity_id == agreed.id)).one()
    assert event.actor_id is None and event.details == {"page": STOP_REPLIED}


def test_a_stop_with_a_wrong_signature_is_refused_and_changes_nothing(client, session, agreed):
    for signature in ("not-a-signature", RequestValidator("another-token").compute_signature(URL, _params("STOP"))):
        assert _post(client, _params("STOP"), signature=signature).status_code == 403
    assert client.post("/hooks/twilio/messages", data=_params("STOP")).status_code == 403  # no signature at all
    session.refresh(agreed)
    assert agreed.sms_opt_in and _actions(session, agreed) == ["student.texts_agreed"]


def test_a_signature_for_other_words_or_another_address_is_refused(client, session, agreed):
    signed_for_hello = RequestValidator(AUTH_TOKEN).compute_signature(URL, _params("hello"))
    assert _post(client, _params("STOP"), signature=signed_for_hello).status_code == 403
    assert _post(client, _params("STOP"), url="http://localhost/hooks/other").status_code == 403
    session.refresh(agreed)
    assert agreed.sms_opt_in


def test_while_texts_are_off_even_a_signed_request_is_refused(client, session, agreed):
    sms.bind(sms.SmsSettings())
    client.application.extensions["wbl_sms"] = sms.SmsSettings()
    assert _post(client, _params("STOP")).status_code == 403
    session.refresh(agreed)
    assert agreed.sms_opt_in


def test_start_records_a_note_and_leaves_the_student_stopped_until_they_agree_on_the_profile(
        client, session, agreed):
    assert _post(client, _params("STOP")).status_code == 200
    for body in ("START", " unstop "):
        response = _post(client, _params(body))
        assert response.status_code == 200 and response.get_data(as_text=True) == sms.EMPTY_TWIML
    session.refresh(agreed)
    assert not agreed.sms_opt_in and text_address(agreed) is None
    assert _actions(session, agreed) == ["student.texts_agreed", "student.texts_stopped",
                                         "student.texts_start_replied", "student.texts_start_replied"]


def test_other_words_change_nothing(client, session, agreed):
    for body in ("Stop it please", "hola", "", "STOP STOP"):
        assert _post(client, _params(body)).status_code == 200
    session.refresh(agreed)
    assert agreed.sms_opt_in and _actions(session, agreed) == ["student.texts_agreed"]


def test_the_answer_is_the_same_whether_the_number_is_known_or_not(client, session, agreed):
    known = _post(client, _params("STOP"))
    unknown = _post(client, _params("STOP", "+15595550199"))
    unreadable = _post(client, _params("STOP", "not a number"))
    for response in (unknown, unreadable):
        assert (response.status_code, response.mimetype, response.get_data()) == \
            (known.status_code, known.mimetype, known.get_data())


def test_stop_reaches_every_student_who_agreed_at_that_number_and_no_other(
        client, session, make_student, make_user, make_consortium, texting):
    other = make_consortium(name="Other Consortium")
    user = make_user(Role.STUDENT)
    here = make_student(phone="559-555-0134", user_id=user.id)
    there = make_student(phone="(559) 555-0134", consortium_id=other.id)
    elsewhere = make_student(phone="(559) 555-0188", user_id=make_user(Role.STUDENT).id)
    for student in (here, there, elsewhere):
        set_texts(session, user, student, True, "student profile")

    assert _post(client, _params("STOP")).status_code == 200

    for student in (here, there, elsewhere):
        session.refresh(student)
    assert (here.sms_opt_in, there.sms_opt_in, elsewhere.sms_opt_in) == (False, False, True)


def test_the_configured_public_address_is_the_one_whose_signature_counts(client, session, agreed, app):
    public = "https://wbl.example.org/hooks/twilio/messages"
    app.config["TWILIO_WEBHOOK_URL"] = public
    texts_on(app, "http://127.0.0.1:9")
    assert _post(client, _params("hello")).status_code == 403  # signed for the address seen here only
    assert _post(client, _params("STOP"), url=public).status_code == 200
    session.refresh(agreed)
    assert not agreed.sms_opt_in


def test_the_webhook_sets_no_session_cookie(client, agreed):
    response = _post(client, _params("STOP"))
    assert not any("wbl_session" in value for value in response.headers.getlist("Set-Cookie"))
