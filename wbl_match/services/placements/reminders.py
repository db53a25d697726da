"""Reminders through the outbox: checklists not done before the start, weeks of hours waiting for approval,
evaluations falling due. Each reminder goes once a week at most (``PlacementProgress.reminders``)."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from sqlalchemy.orm import Session

from wbl_match.models import AfterState, PlacementProgress, ReadinessKind, User
from wbl_match.services.audit import record_event
from wbl_match.services.outbox import family_mail, templates
from wbl_match.services.outbox.messages import queue_message, queue_text
from wbl_match.services.placements.checklist import EMPLOYER_KINDS, gaps, refresh
from wbl_match.services.placements.hours import employer_emails, monday_of, send_approval_link, weeks
from wbl_match.services.placements.lifecycle import ensure_progress
from wbl_match.services.errors import rolls_back_refusals

#: A checklist is reminded of from this long before the start.
READINESS_AHEAD = timedelta(days=14)
#: An evaluation is reminded of from this long before it is due.
EVALUATION_AHEAD = timedelta(days=7)


def student_email(progress: PlacementProgress) -> str | None:
    student = progress.placement.student
    if student.user is not None and student.user.is_active:
        return student.user.email
    return student.email


def _once(progress: PlacementProgress, key: str) -> bool:
    """True the first time ``key`` is asked for this placement (and remembers it)."""
    if key in (progress.reminders or {}):
        return False
    progress.reminders = {**(progress.reminders or {}), key: True}
    return True


def _week_key(today: date) -> str:
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


@rolls_back_refusals
def send_reminders(session: Session, actor: User | None, consortium_id: int, today: date,
                   link_for: Callable[[str], str]) -> dict[str, int]:
    """Queue every reminder due on ``today``; returns how many messages of each kind were queued."""
    counts = {"readiness": 0, "hours": 0, "evaluations": 0}
    for progress in ensure_progress(session, consortium_id):
        refresh(progress, today)
        if progress.state is AfterState.PREPARING:
            counts["readiness"] += _readiness(session, progress, today)
        if progress.state is AfterState.STARTED:
            counts["hours"] += _hours(session, actor, progress, today, link_for)
            counts["evaluations"] += _evaluations(session, progress, today)
    record_event(session, actor, "reminders.sent", consortium_id=consortium_id, entity_type="consortia",
                 entity_id=consortium_id, **counts)
    session.commit()
    return counts


def _readiness(session: Session, progress: PlacementProgress, today: date) -> int:
    start = progress.start_on
    if start is None or start - READINESS_AHEAD > today or not _once(progress, f"readiness:{_week_key(today)}"):
        return 0
    placement, sent = progress.placement, 0
    missing = [(entry.kind, gaps(progress, entry, today)) for entry in progress.items if entry.required]
    missing = [(kind, problems) for kind, problems in missing if problems]
    student_side = [(k.label, p) for k, p in missing if k not in EMPLOYER_KINDS]
    employer_side = [f"- {k.label}: {', '.join(p)}" for k, p in missing if k in EMPLOYER_KINDS]
    subject = f"Before {placement.student.first_name}'s placement starts on {start:%d %B}"
    if student_side and (email := student_email(progress)):
        queue_text(session, progress.consortium_id, email, family_mail.readiness_reminder(
            placement.student, placement.slot.employer.name, start, student_side,
            any(k is ReadinessKind.GUARDIAN_CONSENT for k, _ in missing),
            family_mail.language_of_student(placement.student), placement.id))
        sent += 1
    if employer_side:
        for email in employer_emails(session, placement.slot.employer):
            queue_message(session, progress.consortium_id, email, subject,
                          f"Hello,\n\n{placement.student.first_name} starts at {placement.slot.title} on "
                          f"{start:%d %B %Y}. Before then, please complete:\n\n" + "\n".join(employer_side) +
                          "\n\nSign in to WBL Match and open Placements.\n",
                          link_path=templates.employer_progress_path(placement.id))
            sent += 1
    return sent


def _hours(session: Session, actor: User | None, progress: PlacementProgress, today: date,
           link_for: Callable[[str], str]) -> int:
    sent = 0
    employer = progress.placement.slot.employer
    has_account = any(u.is_active for u in employer.users)
    for week in weeks(progress):
        if week.monday >= monday_of(today):
            continue  # the current week is not over yet
        if not week.waiting or not _once(progress, f"hours:{week.monday.isoformat()}"):
            continue
        for email in employer_emails(session, employer):
            if has_account:
                queue_message(session, progress.consortium_id, email,
                              f"Hours to approve: {progress.placement.student.first_name}, week of {week.monday:%d %B}",
                              f"Hello,\n\n{progress.placement.student.first_name} recorded hours for the week of "
                              f"{week.monday:%d %B %Y} that wait for your approval. Sign in to WBL Match and open "
                              f"Placements.\n", link_path=templates.employer_progress_path(progress.placement_id))
            else:
                send_approval_link(session, actor, progress, week.monday, email, link_for)
            sent += 1
    return sent


def _evaluations(session: Session, progress: PlacementProgress, today: date) -> int:
    sent = 0
    for found in progress.evaluations:
        if found.submitted_at is not None or found.due_on - EVALUATION_AHEAD > today:
            continue
        if not _once(progress, f"evaluation:{found.kind.value}:{_week_key(today)}"):
            continue
        when = "was due" if found.due_on < today else "is due"
        for email in employer_emails(session, progress.placement.slot.employer):
            queue_message(session, progress.consortium_id, email,
                          f"{found.kind.label} of {progress.placement.student.first_name} {when} {found.due_on:%d %B}",
                          f"Hello,\n\nThe {found.kind.label.lower()} of {progress.placement.student.first_name} at "
                          f"{progress.placement.slot.title} {when} on {found.due_on:%d %B %Y}. It takes a few "
                          f"minutes: sign in to WBL Match and open Placements.\n",
                          link_path=templates.employer_progress_path(progress.placement_id))
            sent += 1
    return sent
