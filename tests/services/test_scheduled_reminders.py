"""Scheduled reminders on a controlled clock: before a round's ranking closes (3 days, 1 day), before an
offer expires (48 and 12 hours), and the day's after-match reminders; each once, in the student's language,
times in the consortium's zone; by text only to students who agreed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    OutboxMessage, Placement, PlacementStatus, Preference, ReminderSent, Role, RoundState, StudentAvailability,
)
from wbl_match.models.base import utcnow
from wbl_match.models.enums import WithdrawalReason
from wbl_match.services.outbox.texts import set_texts
from wbl_match.services.reminders import due
from wbl_match.services.reminders.due import parse_hours, send_due_reminders, threshold_reached
from wbl_match.services.rounds import publish_round, request_solve, run_round
from tests.after_support import make_accepted, today  # noqa: F401
from tests.services.rounds_support import build_round
from tests.sms_support import texts_on, twilio_endpoint  # noqa: F401

#: 17:00 in California (PST) on 9 February 2027.
DEADLINE = datetime(2027, 2, 10, 1, 0, tzinfo=timezone.utc)


@pytest.fixture
def kept(app):
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    return app


def plain(text: str) -> str:
    """Babel writes a narrow no-break space before AM/PM; the tests read it as a space."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _messages(session, **where):
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMessage, name) == value)
    return session.scalars(query).all()


@pytest.fixture
def ranking_round(kept, session, consortium, make_school, make_student, make_slot):
    """An open round closing at ``DEADLINE``: one student ranked nothing, one ranked (complete), one ranked
    but has no availability, one withdrawn."""
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=4, state=RoundState.OPEN, ranking_closes_at=DEADLINE)
    idle, done, unfinished, withdrawn = students
    for student in (done, unfinished):
        session.add(Preference(round_id=match_round.id, student_id=student.id, slot_id=slots[0].id, rank=1))
    session.execute(sa.delete(StudentAvailability).where(StudentAvailability.student_id == unfinished.id))
    withdrawn.withdrawn_at, withdrawn.withdrawal_reason = utcnow(), list(WithdrawalReason)[0]
    session.commit()
    session.expire_all()
    return match_round, {"idle": idle, "done": done, "unfinished": unfinished, "withdrawn": withdrawn}


def test_the_nearest_threshold_reached_is_the_one_due():
    thresholds = due.RANKING_THRESHOLDS
    assert threshold_reached(DEADLINE, DEADLINE - timedelta(days=4), thresholds) is None
    assert threshold_reached(DEADLINE, DEADLINE - timedelta(days=3), thresholds) == "3d"
    assert threshold_reached(DEADLINE, DEADLINE - timedelta(days=1, seconds=1), thresholds) == "3d"
    assert threshold_reached(DEADLINE, DEADLINE - timedelta(days=1), thresholds) == "1d"
    assert threshold_reached(DEADLINE, DEADLINE, thresholds) is None
    assert threshold_reached(None, DEADLINE, thresholds) is None


def test_ranking_reminders_go_three_days_and_one_day_before_each_once(session, ranking_round):
    match_round, people = ranking_round

    assert send_due_reminders(session, DEADLINE - timedelta(days=4))["ranking"] == 0
    assert _messages(session) == []

    first = send_due_reminders(session, DEADLINE - timedelta(days=3))
    assert first["ranking"] == 2 and first["emails"] == 2 and first["texts"] == 0
    assert {m.to_address for m in _messages(session)} == {people["idle"].email, people["unfinished"].email}

    assert send_due_reminders(session, DEADLINE - timedelta(days=3, hours=-2))["ranking"] == 0
    assert len(_messages(session)) == 2

    assert send_due_reminders(session, DEADLINE - timedelta(days=1))["ranking"] == 2
    assert send_due_reminders(session, DEADLINE - timedelta(hours=22))["ranking"] == 0
    assert send_due_reminders(session, DEADLINE + timedelta(minutes=1))["ranking"] == 0
    assert len(_messages(session)) == 4
    keys = set(session.scalars(sa.select(ReminderSent.key)))
    assert f"ranking:round={match_round.id}:student={people['idle'].id}:3d" in keys
    assert f"ranking:round={match_round.id}:student={people['idle'].id}:1d" in keys


def test_a_ranking_reminder_says_what_is_missing_and_when_it_closes_in_local_time(session, ranking_round):
    _, people = ranking_round
    send_due_reminders(session, DEADLINE - timedelta(days=3))
    idle = _messages(session, to_address=people["idle"].email)[0]
    unfinished = _messages(session, to_address=people["unfinished"].email)[0]
    assert "February 9, 2027, 5:00 PM PST" in plain(idle.body) and "UTC" not in idle.body
    assert "rank the placements" in idle.body and "finish your profile" not in idle.body
    assert "finish your profile" in unfinished.body and "rank the placements" not in unfinished.body
    assert idle.link_path.startswith("/student/slots?round=") and unfinished.link_path == "/student/profile"


def test_a_spanish_reader_gets_the_reminder_in_spanish(session, ranking_round):
    _, people = ranking_round
    people["idle"].language = "es"
    session.commit()
    send_due_reminders(session, DEADLINE - timedelta(days=3))
    [message] = _messages(session, to_address=people["idle"].email)
    assert message.language == "es"
    assert message.subject.startswith("Recordatorio:")
    assert "9 de febrero de 2027, 5:00 p.m. PST" in plain(message.body) and "Hola" in message.body


def test_the_consortium_time_zone_writes_the_reminders_times(session, ranking_round):
    from wbl_match import localisation

    _, people = ranking_round
    localisation.use_time_zone("America/New_York")
    try:
        send_due_reminders(session, DEADLINE - timedelta(days=3), hours=(0, 24))
    finally:
        localisation.use_time_zone(localisation.DEFAULT_TIME_ZONE)
    [message] = _messages(session, to_address=people["idle"].email)
    assert "February 9, 2027, 8:00 PM EST" in plain(message.body)


def test_a_round_that_opens_a_day_before_closing_gets_only_the_one_day_reminder(session, ranking_round):
    send_due_reminders(session, DEADLINE - timedelta(hours=23))
    keys = set(session.scalars(sa.select(ReminderSent.key).where(ReminderSent.key.like("ranking:%"))))
    assert keys and all(key.endswith(":1d") for key in keys)


def test_no_ranking_reminder_once_the_round_is_closed(session, ranking_round):
    match_round, _ = ranking_round
    match_round.state = RoundState.CLOSED
    session.commit()
    assert send_due_reminders(session, DEADLINE - timedelta(days=3))["ranking"] == 0


def test_reminders_wait_for_the_day_rather_than_wake_anyone(session, ranking_round):
    night = datetime(2027, 2, 7, 11, 0, tzinfo=timezone.utc)  # 03:00 in California, within the 3-day window
    assert send_due_reminders(session, night)["ranking"] == 0
    morning = datetime(2027, 2, 7, 16, 0, tzinfo=timezone.utc)  # 08:00
    assert send_due_reminders(session, morning)["ranking"] == 2


@pytest.mark.parametrize("written, hours", [("8-21", (8, 21)), ("0-24", (0, 24)), ("", due.SENDING_HOURS)])
def test_the_sending_hours_are_read_from_their_setting(written, hours):
    assert parse_hours(written) == hours


@pytest.mark.parametrize("written", ["21-8", "8", "8-25", "eight-nine"])
def test_sending_hours_written_wrongly_are_refused(written):
    with pytest.raises(ValueError, match="reminder hours"):
        parse_hours(written)


def test_two_workers_that_both_find_a_reminder_unsent_send_it_once(session, ranking_round, monkeypatch):
    send_due_reminders(session, DEADLINE - timedelta(days=3))
    before = len(_messages(session))

    real_scalar = type(session).scalar

    def not_seen_yet(self, statement, *args, **kwargs):  # as a worker that looked before the other wrote
        if "reminders_sent" in str(statement):
            return None
        return real_scalar(self, statement, *args, **kwargs)

    monkeypatch.setattr(type(session), "scalar", not_seen_yet)
    counts = send_due_reminders(session, DEADLINE - timedelta(days=3))
    assert counts["ranking"] == 0 and counts["emails"] == 0
    assert len(_messages(session)) == before


@pytest.fixture
def offers(kept, session, consortium, make_school, make_student, make_slot):
    """A published round of three offers expiring at ``DEADLINE``."""
    match_round, students, _ = build_round(session, consortium, make_school, make_student, make_slot, students=3,
                                           slots=3, offers_expire_at=DEADLINE)
    run_round(session, request_solve(session, None, match_round.id).id)
    publish_round(session, None, match_round.id)
    session.execute(sa.delete(OutboxMessage))
    session.commit()
    placements = session.scalars(sa.select(Placement).where(Placement.round_id == match_round.id)
                                 .order_by(Placement.id)).all()
    assert len(placements) == 3 and all(p.status is PlacementStatus.OFFERED for p in placements)
    return placements


def test_offer_reminders_go_48_and_12_hours_before_expiry_each_once(session, offers):
    assert send_due_reminders(session, DEADLINE - timedelta(hours=49))["offers"] == 0
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["offers"] == 3
    assert send_due_reminders(session, DEADLINE - timedelta(hours=47))["offers"] == 0
    assert send_due_reminders(session, DEADLINE - timedelta(hours=12))["offers"] == 0  # 05:00 local: it waits
    assert send_due_reminders(session, DEADLINE - timedelta(hours=9))["offers"] == 3  # 08:00 local
    assert send_due_reminders(session, DEADLINE - timedelta(hours=8))["offers"] == 0
    assert send_due_reminders(session, DEADLINE + timedelta(hours=1), hours=(0, 24))["offers"] == 0
    messages = _messages(session)
    assert len(messages) == 6
    assert all("February 9, 2027, 5:00 PM PST" in plain(m.body) for m in messages)
    assert {m.link_path for m in messages} == {f"/student/placements/{p.id}" for p in offers}


def test_answered_offers_and_withdrawn_students_get_no_expiry_reminder(session, offers):
    accepted, declined, withdrawn = offers
    accepted.status, declined.status = PlacementStatus.ACCEPTED, PlacementStatus.DECLINED
    withdrawn.student.withdrawn_at = utcnow()
    withdrawn.student.withdrawal_reason = list(WithdrawalReason)[0]
    session.commit()
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["offers"] == 0
    assert _messages(session) == []


def test_a_student_who_agreed_to_texts_gets_the_reminder_by_text_too_in_their_language(
        session, offers, make_user, twilio_endpoint):
    from flask import current_app

    texts_on(current_app, twilio_endpoint.url)
    placement = offers[0]
    student = placement.student
    user = make_user(Role.STUDENT)
    student.user_id, student.phone, student.language = user.id, "(559) 555-0134", "es"
    session.commit()
    set_texts(session, user, student, True, "student profile")

    counts = send_due_reminders(session, DEADLINE - timedelta(hours=48))
    assert counts["offers"] == 3 and counts["texts"] == 1
    [text] = _messages(session, channel="sms")
    assert text.to_address == "+15595550134" and text.language == "es"
    assert text.body.startswith("WBL Match:") and "9 de febrero de 2027, 5:00 p.m. PST" in text.body
    assert text.link_path == f"/student/placements/{placement.id}"


def test_after_stop_the_reminder_goes_by_e_mail_only(session, offers, make_user, twilio_endpoint):
    from flask import current_app

    texts_on(current_app, twilio_endpoint.url)
    student = offers[0].student
    user = make_user(Role.STUDENT)
    student.user_id, student.phone = user.id, "(559) 555-0134"
    session.commit()
    set_texts(session, user, student, True, "student profile")
    set_texts(session, user, student, False, "student profile")
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["texts"] == 0
    assert _messages(session, channel="sms") == []


def test_without_texts_turned_on_nobody_gets_a_text_even_having_agreed(session, offers, make_user):
    student = offers[0].student
    user = make_user(Role.STUDENT)
    student.user_id, student.phone = user.id, "(559) 555-0134"
    session.commit()
    set_texts(session, user, student, True, "student profile")
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["texts"] == 0


def test_a_student_with_neither_e_mail_nor_texts_is_left_to_staff_and_not_marked_reminded(session, offers):
    student = offers[0].student
    student.email = None
    session.commit()
    assert send_due_reminders(session, DEADLINE - timedelta(hours=48))["offers"] == 2
    assert session.scalar(sa.select(sa.func.count()).select_from(ReminderSent)
                          .where(ReminderSent.student_id == student.id)) == 0


def test_the_after_match_reminders_run_once_on_each_local_day(kept, session, make_accepted):
    from wbl_match.services.placements import lifecycle

    placement = make_accepted()
    lifecycle.progress_of(session, placement).start_on = today() + timedelta(days=3)
    session.commit()
    now = utcnow()

    first = send_due_reminders(session, now, hours=(0, 24))
    assert first["after_match"] == 1
    readiness = [m for m in _messages(session) if m.subject.startswith("Before")]
    assert readiness
    assert send_due_reminders(session, now + timedelta(minutes=5), hours=(0, 24))["after_match"] == 0
    assert send_due_reminders(session, now + timedelta(days=1), hours=(0, 24))["after_match"] == 1


def test_two_workers_running_at_the_same_moment_send_each_reminder_once(app, session, ranking_round, offers):
    import threading

    from sqlalchemy.orm import Session

    from wbl_match.extensions import db

    moment = DEADLINE - timedelta(days=1)  # the ranking's 1-day reminder and the offers' 48-hour one
    start, results, failures = threading.Barrier(2), [], []

    def worker():
        try:
            with app.app_context(), Session(db.engine) as own:
                start.wait(timeout=10)
                results.append(send_due_reminders(own, moment))
        except Exception as error:  # a failure in a thread would otherwise go unseen
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sum(r["ranking"] for r in results) == 2 and sum(r["offers"] for r in results) == 3
    session.expire_all()
    keys = session.scalars(sa.select(ReminderSent.key).where(ReminderSent.student_id.is_not(None))).all()
    assert len(keys) == len(set(keys)) == 5
    assert len(_messages(session)) == 5
