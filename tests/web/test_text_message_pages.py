"""Text messages through the pages: a student agrees (consent recorded: who, when, which page) or says STOP on
their profile, in their language; staff see who gets texts on the publish preview and the not-yet-reached list."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    MatchRound, OutboxMessage, Placement, PlacementStatus, Role, RoundState, StudentProfile,
)
from wbl_match.models.base import utcnow
from wbl_match.services.outbox.texts import set_texts
from wbl_match.services.rounds import request_solve, run_round
from tests.conftest import csrf_token_from, login
from tests.services.rounds_support import build_round
from tests.sms_support import texts_on, twilio_endpoint  # noqa: F401
from tests.web.spanish_text import english_left


@pytest.fixture
def texts(app, twilio_endpoint):
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    return texts_on(app, twilio_endpoint.url)


@pytest.fixture
def student(client, make_user, make_student):
    user = make_user(Role.STUDENT)
    profile = make_student(user_id=user.id, phone=None)
    login(client, user)
    return profile


def _post(client, data):
    token = csrf_token_from(client.get("/student/profile").get_data(as_text=True))
    return client.post("/student/texts", data={"csrf_token": token, **data})


def test_a_student_agrees_to_texts_on_their_profile_and_the_consent_is_recorded(client, session, texts, student):
    page = client.get("/student/profile").get_data(as_text=True)
    assert 'id="texts"' in page and "I agree to get text messages from WBL Match at this number." in page

    response = _post(client, {"phone": "(559) 555-0134", "texts": "yes"})

    assert response.status_code == 302 and response.headers["Location"].endswith("/student/profile#texts")
    session.expire_all()
    profile = session.get(StudentProfile, student.id)
    assert profile.sms_opt_in and profile.phone == "(559) 555-0134"
    assert profile.sms_consented_by_id == profile.user_id and profile.sms_consented_at is not None
    assert profile.sms_consent_page == "student profile page (/student/profile)"
    page = client.get("/student/profile").get_data(as_text=True)
    assert "You get text messages about your offers and deadlines at (559) 555-0134." in page
    assert "Stop text messages (STOP)" in page


def test_stop_on_the_profile_ends_the_texts(client, session, texts, student):
    _post(client, {"phone": "(559) 555-0134", "texts": "yes"})
    response = _post(client, {"texts": "no"})
    assert response.status_code == 302
    session.expire_all()
    profile = session.get(StudentProfile, student.id)
    assert not profile.sms_opt_in and profile.sms_stopped_at is not None
    assert "No more text messages will be sent to you." in client.get("/student/profile").get_data(as_text=True)


def test_a_number_that_cannot_get_texts_is_refused_and_nothing_is_agreed(client, session, texts, student):
    _post(client, {"phone": "555-01", "texts": "yes"})
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Give a mobile number that can get text messages" in page
    session.expire_all()
    assert not session.get(StudentProfile, student.id).sms_opt_in


def test_a_spanish_student_reads_the_texts_section_in_spanish(client, session, texts, student):
    def section(html: str) -> str:
        return html[html.index('<section id="texts"'):html.index("</section>", html.index('<section id="texts"'))]

    english = section(client.get("/student/profile").get_data(as_text=True))
    student.language = "es"
    session.commit()
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Mensajes de texto" in page and "Acepto recibir mensajes de texto de WBL Match en este número." in page
    assert english_left(english, section(page), [student.first_name]) == []
    _post(client, {"phone": "123", "texts": "yes"})
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Escribe un número de celular que pueda recibir mensajes de texto" in page


def test_without_texts_turned_on_the_profile_offers_none_and_a_post_changes_nothing(client, session, student):
    assert 'id="texts"' not in client.get("/student/profile").get_data(as_text=True)
    _post(client, {"phone": "(559) 555-0134", "texts": "yes"})
    session.expire_all()
    assert not session.get(StudentProfile, student.id).sms_opt_in


def _agree(session, make_user, profile, phone="(559) 555-0134", *, account=True):
    """The student agrees to texts (on their own account; without one, as told to a coordinator)."""
    user = make_user(Role.STUDENT) if account else make_user(Role.INTERMEDIARY)
    if account:
        profile.user_id = user.id
    profile.phone = phone
    session.commit()
    set_texts(session, user, profile, True, "student profile")


def test_the_publish_preview_says_who_gets_a_text_and_publishing_sends_it(
        client, session, texts, signed_in, consortium, make_school, make_student, make_slot, make_user):
    match_round, students, _ = build_round(session, consortium, make_school, make_student, make_slot, students=2,
                                           offers_expire_at=utcnow() + timedelta(days=5))
    students[0].email = None
    session.commit()
    _agree(session, make_user, students[0], account=False)
    run_round(session, request_solve(session, None, match_round.id).id)
    signed_in(Role.INTERMEDIARY)
    url = f"/intermediary/rounds/{match_round.id}/publish"
    preview = client.get(url).get_data(as_text=True)
    assert "and 1 text message (to students who agreed to texts)" in preview
    assert "gets no e-mail but a text at +1 ••• ••• 0134" in preview
    assert "text only (no e-mail)" in preview

    client.post(url, data={"csrf_token": csrf_token_from(preview), "offers": "2"})

    [text] = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.channel == "sms")).all()
    assert text.to_address == "+15595550134" and text.body.startswith("WBL Match: you have been offered a place")


def test_the_not_yet_reached_list_says_who_gets_texts_and_who_said_stop(
        client, session, texts, signed_in, consortium, make_student, make_slot, make_user):
    slot = make_slot()
    texted = make_student(first_name="Luis", last_name="Bravo")
    stopped = make_student(first_name="Ana", last_name="Cruz")
    _agree(session, make_user, texted, account=False)
    _agree(session, make_user, stopped, phone="(559) 555-0199", account=False)
    set_texts(session, make_user(Role.INTERMEDIARY), stopped, False, "a call to the coordinator")
    match_round = MatchRound(consortium_id=consortium.id, name="Spring round", state=RoundState.PUBLISHED,
                             schools=list({texted.school, stopped.school}), slots=[slot])
    session.add(match_round)
    session.flush()
    for person in (texted, stopped):
        session.add(Placement(round_id=match_round.id, student_id=person.id, slot_id=slot.id,
                              status=PlacementStatus.OFFERED, offered_at=utcnow(),
                              expires_at=utcnow() + timedelta(days=7)))
    session.commit()
    signed_in(Role.INTERMEDIARY)
    page = client.get(f"/intermediary/rounds/{match_round.id}/unreached").get_data(as_text=True)
    assert "<th scope=\"col\">Texts</th>" in page
    assert "gets texts at +1 ••• ••• 0134" in page and "no (said STOP)" in page


def test_staff_read_a_students_consent_to_texts_and_the_outbox_marks_texts(
        client, session, texts, signed_in, make_student, make_user, consortium):
    from wbl_match.services.outbox.messages import queue_sms
    from wbl_match.services.outbox.templates import Text

    profile = make_student()
    _agree(session, make_user, profile, account=False)
    queue_sms(session, consortium.id, "+15595550134", Text("Text: offer", "Hola"))
    session.commit()
    signed_in(Role.INTERMEDIARY)
    page = client.get(f"/intermediary/students/{profile.id}").get_data(as_text=True)
    assert "Text messages" in page and "agreed on" in page and "(student profile), at (559) 555-0134" in page
    outbox = client.get("/intermediary/outbox").get_data(as_text=True)
    assert "Text to +15595550134" in outbox
