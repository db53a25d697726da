"""Hours per day with weekly approval (account or one-time link), flags, totals; evaluations; reminders."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, EvaluationKind, OutboxMessage, Role
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.placements import hours, lifecycle, minors_law
from wbl_match.services.placements.evaluations import due_dates, final_overall, submit_evaluation, submit_reflection
from wbl_match.services.placements.reminders import send_reminders
from tests.after_support import employer_user, make_accepted, make_ready, student_user, term_start, today  # noqa: F401
from tests.mail_support import delivered_text


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


@pytest.fixture
def started(session, make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    return progress


def _monday(weeks_ago: int) -> date:
    return term_start() + timedelta(days=7 * (3 - weeks_ago))


@pytest.mark.parametrize("text, minutes", [("3", 180), ("2.5", 150), ("2,25", 135), ("2:30", 150), ("0", 0)])
def test_hours_are_read_as_whole_decimal_or_hours_and_minutes(text, minutes):
    assert hours.parse_hours(text) == minutes


@pytest.mark.parametrize("text", ["", "three", "25", "2:75", "-1"])
def test_hours_that_are_not_a_time_of_day_are_refused(text):
    with pytest.raises(FieldErrors):
        hours.parse_hours(text)


def test_the_student_logs_a_day_and_the_supervisor_approves_the_week(session, started):
    student, employer = student_user(started.placement), employer_user(started.placement)
    monday = _monday(2)
    hours.log_hours(session, student, started, monday.isoformat(), "2")
    hours.log_hours(session, employer, started, (monday + timedelta(days=2)).isoformat(), "1.5")
    assert hours.placement_totals(started) == hours.Totals(210, 0)
    assert hours.approve_week(session, employer, started, monday.isoformat()) == 2
    assert hours.placement_totals(started) == hours.Totals(210, 210)
    assert hours.student_totals(session, started.placement.student) == hours.Totals(210, 210)
    week = hours.weeks(started)[0]
    assert week.approved and week.minutes == 210


def test_hours_cannot_be_logged_before_the_start_in_the_future_or_by_someone_else(session, started, make_user):
    student = student_user(started.placement)
    with pytest.raises(FieldErrors):
        hours.log_hours(session, student, started, (started.start_on - timedelta(days=1)).isoformat(), "2")
    with pytest.raises(FieldErrors):
        hours.log_hours(session, student, started, (today() + timedelta(days=1)).isoformat(), "2")
    with pytest.raises(Refused):
        hours.log_hours(session, make_user(Role.STUDENT), started, today().isoformat(), "2")
    with pytest.raises(Refused):
        hours.log_hours(session, make_user(Role.EMPLOYER), started, today().isoformat(), "2")


def test_hours_cannot_be_logged_before_the_placement_starts(session, make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    with pytest.raises(Refused, match="started"):
        hours.log_hours(session, student_user(placement), progress, today().isoformat(), "2")


def test_an_edit_after_approval_is_audited_and_needs_approval_again(session, started):
    student, employer = student_user(started.placement), employer_user(started.placement)
    monday = _monday(1)
    hours.log_hours(session, student, started, monday, "2")
    hours.approve_week(session, employer, started, monday)
    hours.log_hours(session, student, started, monday, "3")
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "hours.edited_after_approval"))
    assert event.details["previous_minutes"] == 120 and event.details["minutes"] == 180
    assert hours.placement_totals(started) == hours.Totals(180, 0)


def test_only_the_placements_employer_approves_and_an_empty_week_is_refused(session, started, make_user):
    with pytest.raises(Refused):
        hours.approve_week(session, make_user(Role.EMPLOYER), started, _monday(1))
    with pytest.raises(Refused, match="no hours waiting"):
        hours.approve_week(session, employer_user(started.placement), started, _monday(1))


def test_a_supervisor_approves_a_week_through_a_one_time_link_without_an_account(session, started, coordinator):
    monday = _monday(2)
    hours.log_hours(session, student_user(started.placement), started, monday, "2")
    tokens = []
    hours.send_approval_link(session, coordinator, started, monday, "boss@example.org",
                             lambda t: tokens.append(t) or f"/h/{t}")
    session.commit()
    progress, week_start, week = hours.open_approval(session, tokens[0])
    assert week_start == monday and week.waiting == 1
    with pytest.raises(FieldErrors):
        hours.approve_by_link(session, tokens[0], " ")
    assert hours.approve_by_link(session, tokens[0], "Sam Boss") == 1
    assert progress.hours[0].approved_by_name.startswith("Sam Boss")
    with pytest.raises(Refused):
        hours.approve_by_link(session, tokens[0], "Sam Boss")


def test_a_day_beyond_the_slots_schedule_or_the_minors_law_is_flagged_with_its_reason(session, started):
    student = student_user(started.placement)
    monday = _monday(2)
    hours.log_hours(session, student, started, monday, "5")            # Monday shift is 2 hours
    hours.log_hours(session, student, started, monday + timedelta(days=1), "1")  # no shift on Tuesdays
    flags = {day.entry.work_date: day.flags for day in hours.weeks(started)[0].days}
    assert "beyond the slot's 2 hours on Mondays" in flags[monday]
    assert any("at most 4 hours on a school day" in f for f in flags[monday]) == minors_law.is_school_day(monday)
    assert flags[monday + timedelta(days=1)][0] == "the slot has no shift on Tuesdays"


@pytest.mark.parametrize("age, day, hours_allowed", [
    (17, date(2027, 3, 1), 4),    # a Monday in term
    (17, date(2027, 3, 5), 8),    # a Friday: the day before a day without school
    (15, date(2027, 3, 1), 3),
    (15, date(2027, 3, 6), 8),    # Saturday
    (16, date(2027, 7, 6), 8),    # summer vacation
    (None, date(2027, 3, 1), 4),  # unknown age counts as 16-17
])
def test_the_minors_daily_limit_follows_age_and_school_days(age, day, hours_allowed):
    assert minors_law.daily_limit(age, day).minutes == hours_allowed * 60


def test_adults_have_no_minors_limit_and_the_weekly_limit_depends_on_age():
    assert minors_law.daily_limit(18, date(2027, 3, 1)) is None
    assert minors_law.weekly_limit(15, date(2027, 3, 1)).minutes == 18 * 60
    assert minors_law.weekly_limit(15, date(2027, 7, 5)).minutes == 40 * 60
    assert minors_law.weekly_limit(17, date(2027, 3, 1)).minutes == 48 * 60


def test_evaluations_fall_due_halfway_and_at_the_end():
    due = due_dates(date(2027, 3, 1), date(2027, 5, 1))
    assert due[EvaluationKind.MIDPOINT] == date(2027, 3, 31) and due[EvaluationKind.FINAL] == date(2027, 5, 1)


def test_the_supervisor_evaluates_in_the_cde_categories_and_says_whether_they_would_host_again(session, started):
    employer = employer_user(started.placement)
    answers = {"foundational": "3", "applied_workplace": "na", "self_management": "4", "overall": "3",
               "comments": "Reliable."}
    with pytest.raises(FieldErrors) as problem:
        submit_evaluation(session, employer, started, EvaluationKind.FINAL, {**answers, "overall": "na"})
    assert set(problem.value.errors) == {"overall", "would_host_again"}
    submit_evaluation(session, employer, started, EvaluationKind.MIDPOINT, answers)
    assert final_overall(started) is None
    found = submit_evaluation(session, employer, started, EvaluationKind.FINAL, {**answers, "would_host_again": "yes"})
    assert found.applied_workplace is None and found.overall == 3
    assert started.would_host_again is True and final_overall(started) == 3


def test_only_the_employer_evaluates_and_only_the_student_reflects(session, started, coordinator):
    with pytest.raises(Refused):
        submit_evaluation(session, coordinator, started, EvaluationKind.MIDPOINT, {"overall": "3"})
    with pytest.raises(Refused):
        submit_reflection(session, coordinator, started, "I learned a great deal about the clinic's work.")
    with pytest.raises(Refused, match="a few sentences"):
        submit_reflection(session, student_user(started.placement), started, "Good.")
    submit_reflection(session, student_user(started.placement), started, "I learned how a clinic front desk runs.")
    assert started.reflected_at is not None


def test_reminders_go_through_the_outbox_once_a_week(session, make_accepted, started, coordinator):
    waiting = make_accepted()
    lifecycle.progress_of(session, waiting).start_on = today() + timedelta(days=3)
    session.commit()
    hours.log_hours(session, student_user(started.placement), started, _monday(2), "2")
    for evaluation in started.evaluations:
        evaluation.due_on = today() + timedelta(days=2)
    session.commit()
    counts = send_reminders(session, coordinator, coordinator.consortium_id, today(), lambda t: f"/h/{t}")
    assert counts["readiness"] == 2  # the student (consent, permit) and the employer (its three items)
    assert counts["hours"] == 1 and counts["evaluations"] == 2
    messages = session.scalars(sa.select(OutboxMessage)).all()
    addresses = {m.to_address for m in messages}
    assert student_user(waiting).email in addresses and employer_user(waiting).email in addresses
    assert any("Hours to approve" in m.subject for m in messages)
    again = send_reminders(session, coordinator, coordinator.consortium_id, today(), lambda t: f"/h/{t}")
    assert again == {"readiness": 0, "hours": 0, "evaluations": 0}


def test_an_employer_without_an_account_gets_a_one_time_approval_link(session, started, coordinator):
    from wbl_match.models import EmployerContact

    employer = started.placement.slot.employer
    for user in employer.users:
        user.is_active = False
    session.add(EmployerContact(employer_id=employer.id, name="Boss", email="boss@example.org", is_primary=True))
    session.commit()
    hours.log_hours(session, coordinator, started, _monday(2), "2")
    send_reminders(session, coordinator, coordinator.consortium_id, today(), lambda t: f"https://x/h/{t}")
    message = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_address == "boss@example.org",
                                                            OutboxMessage.subject.like("Hours%")))
    assert "https://x/h/" in delivered_text(message.id) and "https://x/h/" not in message.body
