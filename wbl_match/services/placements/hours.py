"""Hours: the student (or the supervisor) records the minutes worked each day; the supervisor approves
each week, from the employer's account or a one-time link; edits after approval are audited.

A day beyond the slot's scheduled hours for that weekday, or beyond what the law allows a minor
(``minors_law``), is flagged with its reason; so is a week beyond the law's weekly hours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.languages import N_, Message
from wbl_match.models import (
    AfterState, Employer, HoursEntry, LinkPurpose, Placement, PlacementProgress, Role, StudentProfile, User,
)
from wbl_match.models.base import utcnow
from wbl_match.models.enums import WEEKDAY_LABELS
from wbl_match.services.audit import record_event
from wbl_match.services.errors import FieldErrors, Refused, rolls_back_refusals
from wbl_match.services.outbox import templates
from wbl_match.services.outbox.messages import queue_text
from wbl_match.domain.birth_dates import age_on
from wbl_match.services.placements import minors_law
from wbl_match.services.placements.checklist import STAFF
from wbl_match.services.placements.links import find_link, make_link, use_link
from wbl_match.services.placements.schedule import hours_text, minutes_on
from wbl_match.localisation import local_today

_HOURS = re.compile(r"^(\d{1,2})(?:[.,](\d{1,2}))?$")
_HHMM = re.compile(r"^(\d{1,2}):([0-5]\d)$")


def parse_hours(text: str | None) -> int:
    """Minutes from ``4``, ``2.5`` or ``2:30`` (``FieldErrors`` on anything else, or over 24 hours)."""
    value = (text or "").strip()
    if match := _HHMM.match(value):
        minutes = int(match[1]) * 60 + int(match[2])
    elif match := _HOURS.match(value):
        minutes = round(float(f"{match[1]}.{match[2] or 0}") * 60)
    else:
        raise FieldErrors.single("hours", N_("Enter the hours worked, like 3, 2.5 or 2:30."))
    if minutes > 24 * 60:
        raise FieldErrors.single("hours", N_("A day has at most 24 hours."))
    return minutes


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _may_log(actor: User, progress: PlacementProgress) -> None:
    placement = progress.placement
    if actor.role in STAFF and actor.consortium_id == progress.consortium_id:
        if progress.state in (AfterState.PREPARING, AfterState.READY):
            raise Refused(N_("Hours can be recorded once the placement has started."))
        return
    own = (actor.role is Role.STUDENT and placement.student.user_id == actor.id) or \
          (actor.role is Role.EMPLOYER and placement.slot.employer_id == actor.employer_id)
    if not own:
        raise Refused("Only the student, their supervisor or the coordinator can record these hours.")
    if progress.state in (AfterState.PREPARING, AfterState.READY):
        raise Refused(N_("Hours can be recorded once the placement has started."))
    if progress.state is not AfterState.STARTED:
        raise Refused(N_("Hours can be recorded while the placement is under way; ask the coordinator to correct "
                         "an ended one."))


@rolls_back_refusals
def log_hours(session: Session, actor: User, progress: PlacementProgress, work_date: str | date | None,
              hours: str | None, note: str | None = None) -> HoursEntry | None:
    """Record (or change) the hours of one day; ``0`` removes the day. Returns the entry (None if removed)."""
    _may_log(actor, progress)
    day = _parse_day(work_date)
    if progress.start_on and day < progress.start_on:
        raise FieldErrors.single("work_date", Message(N_("The placement started on %(day)s."),
                                                      day=progress.start_on.isoformat()))
    if day > (progress.ended_on or local_today()):
        raise FieldErrors.single("work_date", N_("Record hours on the day or after, not before."))
    minutes = parse_hours(hours)
    note = " ".join((note or "").split())[:300] or None
    entry = next((e for e in progress.hours if e.work_date == day), None)
    was = (entry.minutes, entry.approved_at is not None) if entry else None
    if minutes == 0:
        if entry is None:
            raise FieldErrors.single("hours", N_("Enter the hours worked, more than 0."))
        progress.hours.remove(entry)
        entry = None
    elif entry is None:
        entry = HoursEntry(work_date=day, minutes=minutes, note=note, logged_by_id=actor.id)
        progress.hours.append(entry)
    else:
        entry.minutes, entry.note, entry.logged_by_id = minutes, note, actor.id
        entry.approved_at = entry.approved_by_id = entry.approved_by_name = None
    action = "hours.edited_after_approval" if was and was[1] else "hours.changed" if was else "hours.logged"
    record_event(session, actor, action, progress, placement_id=progress.placement_id, day=day.isoformat(),
                 minutes=minutes, previous_minutes=was[0] if was else None)
    session.commit()
    return entry


def _parse_day(value: str | date | None) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise FieldErrors.single("work_date", N_("Choose the day, like 2027-03-04.")) from None


def _week_entries(progress: PlacementProgress, monday: date) -> list[HoursEntry]:
    return [e for e in progress.hours if monday <= e.work_date < monday + timedelta(days=7)]


@rolls_back_refusals
def approve_week(session: Session, actor: User, progress: PlacementProgress, monday: str | date) -> int:
    """The supervisor approves every day of the week starting ``monday``; returns how many days."""
    if actor.role is not Role.EMPLOYER or progress.placement.slot.employer_id != actor.employer_id:
        raise Refused("Only the placement's employer approves its hours.")
    return _approve(session, actor, progress, monday_of(_parse_day(monday)), name=None)


def _approve(session: Session, actor: User | None, progress: PlacementProgress, monday: date,
             name: str | None) -> int:
    entries = [e for e in _week_entries(progress, monday) if e.approved_at is None]
    if not entries:
        raise Refused(f"The week of {monday:%d %B %Y} has no hours waiting for approval.")
    now = utcnow()
    for entry in entries:
        entry.approved_at, entry.approved_by_id, entry.approved_by_name = now, actor.id if actor else None, name
    record_event(session, actor, "hours.week_approved", progress, placement_id=progress.placement_id,
                 week=monday.isoformat(), days=len(entries), by_link=actor is None)
    session.commit()
    return len(entries)


def send_approval_link(session: Session, actor: User | None, progress: PlacementProgress, monday: date,
                       email: str, link_for: Callable[[str], str]) -> str:
    """E-mail the supervisor a one-time link to approve one week without an account; returns the link."""
    link, token = make_link(session, actor, progress, LinkPurpose.HOURS_APPROVAL, email, week_start=monday)
    url = link_for(token)
    placement = progress.placement
    queue_text(session, progress.consortium_id, email,
               templates.hours_approval(placement.student.first_name, placement.slot.title, monday, link.expires_at),
               secret=url)
    record_event(session, actor, "hours.approval_link_sent", progress, placement_id=progress.placement_id,
                 week=monday.isoformat())
    return url


@rolls_back_refusals
def email_approval_link(session: Session, actor: User, progress: PlacementProgress, week: str | None,
                        email: str | None, link_for: Callable[[str], str]) -> str:
    """The coordinator e-mails a supervisor without an account the link to approve one week; returns the link."""
    if actor.role not in STAFF or actor.consortium_id != progress.consortium_id:
        raise Refused("Only the coordinator sends approval links.")
    address = (email or "").strip().lower()
    if "@" not in address or " " in address or len(address) > 254:
        raise FieldErrors.single("email", "Enter the supervisor's e-mail address, like name@example.org.")
    monday = monday_of(_parse_day(week))
    if not any(w.monday == monday and w.waiting for w in weeks(progress)):
        raise Refused(f"The week of {monday:%d %B %Y} has no hours waiting for approval.")
    url = send_approval_link(session, actor, progress, monday, address, link_for)
    session.commit()
    return url


def open_approval(session: Session, token: str) -> tuple[PlacementProgress, date, "Week"]:
    link = find_link(session, token, LinkPurpose.HOURS_APPROVAL)
    week = next((w for w in weeks(link.progress) if w.monday == link.week_start), None)
    return link.progress, link.week_start, week or Week(link.week_start)


@rolls_back_refusals
def approve_by_link(session: Session, token: str, name: str | None) -> int:
    """The supervisor approves the link's week, signing with their typed name; the link works no more."""
    link = find_link(session, token, LinkPurpose.HOURS_APPROVAL)
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 200:
        raise FieldErrors.single("name", "Type your full name to approve.")
    use_link(session, link)
    return _approve(session, None, link.progress, link.week_start, name=f"{name} (by e-mailed link)")


@dataclass
class Day:
    entry: HoursEntry
    flags: list[str] = field(default_factory=list)


@dataclass
class Week:
    monday: date
    days: list[Day] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(d.entry.minutes for d in self.days)

    @property
    def approved(self) -> bool:
        return bool(self.days) and all(d.entry.approved_at is not None for d in self.days)

    @property
    def waiting(self) -> int:
        return sum(d.entry.approved_at is None for d in self.days)


def day_flags(progress: PlacementProgress, entry: HoursEntry) -> list[str]:
    """Why a logged day stands out: beyond the slot's schedule for that weekday, or beyond the minors' law."""
    flags = []
    slot, student = progress.placement.slot, progress.placement.student
    scheduled = minutes_on(slot, entry.work_date)
    weekday = WEEKDAY_LABELS[entry.work_date.weekday()]
    if scheduled == 0:
        flags.append(f"the slot has no shift on {weekday}s")
    elif entry.minutes > scheduled:
        flags.append(f"beyond the slot's {hours_text(scheduled)} on {weekday}s")
    limit = minors_law.daily_limit(age_on(student.date_of_birth, entry.work_date), entry.work_date)
    if limit is not None and entry.minutes > limit.minutes:
        flags.append(limit.reason)
    return flags


def weeks(progress: PlacementProgress) -> list[Week]:
    """The placement's logged days by week (oldest first), each day and week with its flags."""
    by_week: dict[date, Week] = {}
    for entry in sorted(progress.hours, key=lambda e: e.work_date):
        week = by_week.setdefault(monday_of(entry.work_date), Week(monday_of(entry.work_date)))
        week.days.append(Day(entry, day_flags(progress, entry)))
    student = progress.placement.student
    for week in by_week.values():
        limit = minors_law.weekly_limit(age_on(student.date_of_birth, week.monday), week.monday)
        if limit is not None and week.minutes > limit.minutes:
            week.flags.append(limit.reason)
    return list(by_week.values())


@dataclass(frozen=True)
class Totals:
    logged_minutes: int
    approved_minutes: int

    @property
    def waiting_minutes(self) -> int:
        return self.logged_minutes - self.approved_minutes


def placement_totals(progress: PlacementProgress) -> Totals:
    return Totals(sum(e.minutes for e in progress.hours),
                  sum(e.minutes for e in progress.hours if e.approved_at is not None))


def student_totals(session: Session, student: StudentProfile) -> Totals:
    """A student's hours over all their placements."""
    logged, approved = session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(HoursEntry.minutes), 0),
                  sa.func.coalesce(sa.func.sum(sa.case((HoursEntry.approved_at.is_not(None), HoursEntry.minutes),
                                                       else_=0)), 0))
        .join(PlacementProgress, PlacementProgress.id == HoursEntry.progress_id)
        .join(Placement, Placement.id == PlacementProgress.placement_id)
        .where(Placement.student_id == student.id)).one()
    return Totals(int(logged), int(approved))


def employer_emails(session: Session, employer: Employer) -> list[str]:
    """Where the employer's messages go: its people who sign in, else its primary (or first) contact."""
    emails = [u.email for u in employer.users if u.is_active]
    if emails:
        return emails
    contacts = sorted((c for c in employer.contacts if c.email), key=lambda c: (not c.is_primary, c.id))
    return [contacts[0].email] if contacts else []
