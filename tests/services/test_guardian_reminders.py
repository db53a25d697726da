"""The ranking and offer reminders also reach the student's parent or guardian, when the student's record
has their e-mail: addressed to a parent, in the guardian's language, each once under its own key."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from wbl_match.models import PlacementStatus, ReminderSent
from wbl_match.services.reminders.due import send_due_reminders
from tests.services.test_scheduled_reminders import (  # noqa: F401  (fixtures)
    DEADLINE, _messages, kept, offers, plain, ranking_round,
)
from tests.services.rounds_support import build_round  # noqa: F401


def _guardian(session, student, address="parent@example.org", language=None):
    student.guardian_email, student.guardian_language = address, language
    session.commit()
    return address


def test_a_guardian_gets_the_ranking_reminder_once_at_each_threshold_addressed_to_a_parent(session, ranking_round):
    match_round, people = ranking_round
    address = _guardian(session, people["idle"])

    first = send_due_reminders(session, DEADLINE - timedelta(days=3))
    assert first["guardians"] == 1 and first["ranking"] == 2 and first["emails"] == 3
    [message] = _messages(session, to_address=address)
    assert message.subject.startswith(f"Reminder: {people['idle'].first_name} has until February 9, 2027")
    assert plain(message.body).startswith(f"Hello,\n\nYour student {people['idle'].first_name} has until "
                                          "February 9, 2027, 5:00 PM PST")
    assert "rank the placements they would like" in message.body and "finish their profile" not in message.body
    assert message.link_path is None and message.language == "en"

    assert send_due_reminders(session, DEADLINE - timedelta(days=2))["guardians"] == 0
    assert send_due_reminders(session, DEADLINE - timedelta(days=1))["guardians"] == 1
    assert send_due_reminders(session, DEADLINE - timedelta(hours=20))["guardians"] == 0
    assert len(_messages(session, to_address=address)) == 2
    keys = set(session.scalars(sa.select(ReminderSent.key)))
    assert {f"ranking:round={match_round.id}:guardian={people['idle'].id}:3d",
            f"ranking:round={match_round.id}:guardian={people['idle'].id}:1d"} <= keys


def test_a_spanish_speaking_guardian_gets_it_in_spanish_while_the_student_reads_english(session, ranking_round):
    _, people = ranking_round
    people["idle"].language = "en"
    address = _guardian(session, people["idle"], language="es")
    send_due_reminders(session, DEADLINE - timedelta(days=3))
    [message] = _messages(session, to_address=address)
    assert message.language == "es" and message.subject.startswith("Recordatorio:")
    assert plain(message.body).startswith(f"Hola:\n\nSu estudiante {people['idle'].first_name} tiene hasta el "
                                          "9 de febrero de 2027, 5:00 p.m. PST")
    assert "ordenar las prácticas que le interesan" in message.body
    [own] = _messages(session, to_address=people["idle"].email)
    assert own.language == "en" and own.subject.startswith("Reminder:")


def test_a_guardian_without_a_language_of_their_own_reads_the_students(session, ranking_round):
    _, people = ranking_round
    people["idle"].language = "es"
    address = _guardian(session, people["idle"], language=None)
    send_due_reminders(session, DEADLINE - timedelta(days=3))
    assert _messages(session, to_address=address)[0].language == "es"


def test_no_guardian_reminder_when_the_student_has_no_guardian_e_mail(session, ranking_round, offers):
    _, people = ranking_round
    people["idle"].guardian_email = "   "
    session.commit()
    counts = send_due_reminders(session, DEADLINE - timedelta(days=1))
    assert counts["guardians"] == 0 and counts["ranking"] == 2 and counts["offers"] == 3
    assert not any(":guardian=" in key for key in session.scalars(sa.select(ReminderSent.key)))


def test_the_guardian_of_a_student_with_nothing_left_to_do_gets_no_ranking_reminder(session, ranking_round):
    _, people = ranking_round
    _guardian(session, people["done"])
    _guardian(session, people["withdrawn"], "other.parent@example.org")
    assert send_due_reminders(session, DEADLINE - timedelta(days=3))["guardians"] == 0
    assert _messages(session, to_address="parent@example.org") == []
    assert _messages(session, to_address="other.parent@example.org") == []


def test_a_guardian_who_shares_the_students_address_gets_one_reminder_not_two(session, ranking_round):
    _, people = ranking_round
    _guardian(session, people["idle"], people["idle"].email.upper())
    assert send_due_reminders(session, DEADLINE - timedelta(days=3))["guardians"] == 0
    assert len(_messages(session, to_address=people["idle"].email)) == 1


def test_the_guardian_gets_it_even_when_the_student_has_no_e_mail(session, ranking_round):
    _, people = ranking_round
    people["idle"].email = None
    address = _guardian(session, people["idle"])
    counts = send_due_reminders(session, DEADLINE - timedelta(days=3))
    assert counts["guardians"] == 1 and len(_messages(session, to_address=address)) == 1


def test_a_guardian_gets_the_offer_reminder_48_and_12_hours_before_each_once(session, offers):
    placement = offers[0]
    address = _guardian(session, placement.student, language="es")
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["guardians"] == 1
    assert send_due_reminders(session, DEADLINE - timedelta(hours=47))["guardians"] == 0
    assert send_due_reminders(session, DEADLINE - timedelta(hours=9))["guardians"] == 1
    assert send_due_reminders(session, DEADLINE - timedelta(hours=8))["guardians"] == 0
    messages = _messages(session, to_address=address)
    assert len(messages) == 2
    body = plain(messages[0].body)
    assert body.startswith(f"Hola:\n\nA su estudiante {placement.student.first_name} le han ofrecido")
    assert f"{placement.slot.title} en {placement.slot.employer.name}" in body
    assert "tiene hasta el 9 de febrero de 2027, 5:00 p.m. PST para aceptarlas o rechazarlas" in body
    assert messages[0].subject.startswith(f"Recordatorio: {placement.student.first_name} tiene hasta el")
    keys = set(session.scalars(sa.select(ReminderSent.key)))
    assert {f"offer:placement={placement.id}:guardian={placement.student.id}:48h",
            f"offer:placement={placement.id}:guardian={placement.student.id}:12h"} <= keys


def test_no_offer_reminder_to_the_guardian_once_the_offer_is_answered(session, offers):
    accepted, declined, waiting = offers
    for placement, address in ((accepted, "a@example.org"), (declined, "d@example.org"), (waiting, "w@example.org")):
        _guardian(session, placement.student, address)
    accepted.status, declined.status = PlacementStatus.ACCEPTED, PlacementStatus.DECLINED
    session.commit()
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["guardians"] == 1
    waiting.status = PlacementStatus.ACCEPTED
    session.commit()
    assert send_due_reminders(session, DEADLINE - timedelta(hours=9))["guardians"] == 0
    assert [m.to_address for m in _messages(session) if m.to_address.endswith("@example.org")
            and m.to_address in {"a@example.org", "d@example.org", "w@example.org"}] == ["w@example.org"]
