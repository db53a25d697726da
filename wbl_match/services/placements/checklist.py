"""The readiness checklist of an accepted placement: which items it needs, what was recorded, what is missing.

The consortium chooses, per built-in kind, whether it is asked, required, and asked of minors only
(``ReadinessRequirement``; without a row, ``DEFAULTS``). An item is done when what was recorded is complete
and still holds: a work permit must cover the placement's schedule and not expire before it ends, an
insurance certificate must not expire before the placement ends.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.languages import N_, Message
from wbl_match.models import (
    AfterState, PlacementProgress, ReadinessItem, ReadinessKind, ReadinessRequirement, Role, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Collector, Refused, rolls_back_refusals
from wbl_match.services.placements.lifecycle import FINAL_STATES, can_move
from wbl_match.domain.birth_dates import age_on
from wbl_match.services.placements.schedule import daily_minutes, placement_end
from wbl_match.localisation import local_today

#: kind → (asked, required, minors only), when the consortium has not chosen.
DEFAULTS: dict[ReadinessKind, tuple[bool, bool, bool]] = {
    ReadinessKind.GUARDIAN_CONSENT: (True, True, True),
    ReadinessKind.WORK_PERMIT: (True, True, True),
    ReadinessKind.PLACEMENT_AGREEMENT: (True, True, False),
    ReadinessKind.INSURANCE_CERTIFICATE: (True, True, False),
    ReadinessKind.SAFETY_ORIENTATION: (True, True, False),
}
#: Who records each kind: the employer's side or the student's (and the coordinator, for all).
EMPLOYER_KINDS = (ReadinessKind.PLACEMENT_AGREEMENT, ReadinessKind.INSURANCE_CERTIFICATE,
                  ReadinessKind.SAFETY_ORIENTATION)
STAFF = (Role.INTERMEDIARY, Role.ADMIN)


@dataclass(frozen=True)
class Requirement:
    kind: ReadinessKind
    asked: bool
    required: bool
    minors_only: bool


def requirements(session: Session, consortium_id: int) -> list[Requirement]:
    """The consortium's checklist settings for every built-in kind, in the built-in order."""
    rows = {r.kind: r for r in session.scalars(sa.select(ReadinessRequirement).where(
        ReadinessRequirement.consortium_id == consortium_id))}
    result = []
    for kind, (asked, required, minors) in DEFAULTS.items():
        row = rows.get(kind)
        result.append(Requirement(kind, row.asked, row.required, row.minors_only) if row
                      else Requirement(kind, asked, required, minors))
    return result


@rolls_back_refusals
def save_requirements(session: Session, actor: User, chosen: list[Requirement]) -> None:
    """Store the consortium's checklist settings; placements not yet started follow them at once."""
    for requirement in chosen:
        row = session.get(ReadinessRequirement, (actor.consortium_id, requirement.kind))
        if row is None:
            row = ReadinessRequirement(consortium_id=actor.consortium_id, kind=requirement.kind)
            session.add(row)
        row.asked, row.required = requirement.asked, requirement.asked and requirement.required
        row.minors_only = requirement.minors_only
    session.flush()
    for progress in session.scalars(sa.select(PlacementProgress).where(
            PlacementProgress.consortium_id == actor.consortium_id,
            PlacementProgress.state.in_((AfterState.PREPARING, AfterState.READY)))):
        build_items(session, progress)
        refresh(progress)
    record_event(session, actor, "readiness.settings_changed", entity_type="consortia",
                 entity_id=actor.consortium_id, kinds={r.kind.value: [r.asked, r.required, r.minors_only]
                                                       for r in chosen})
    session.commit()


def is_minor(progress: PlacementProgress) -> bool:
    """Under 18 on the placement's start date; a student without a birth date counts as a minor."""
    start = progress.start_on or progress.placement.slot.term_start or local_today()
    age = age_on(progress.placement.student.date_of_birth, start)
    return age is None or age < 18


def build_items(session: Session, progress: PlacementProgress) -> None:
    """Give the placement the items its consortium asks (keeping what was recorded); the caller commits."""
    wanted = {r.kind: r for r in requirements(session, progress.consortium_id)
              if r.asked and (not r.minors_only or is_minor(progress))}
    for item in list(progress.items):
        if item.kind not in wanted and item.done_at is None:
            progress.items.remove(item)
    have = {item.kind: item for item in progress.items}
    for kind, requirement in wanted.items():
        if kind in have:
            have[kind].required = requirement.required
        else:
            progress.items.append(ReadinessItem(kind=kind, required=requirement.required, details={}))
    order = list(DEFAULTS)
    progress.items.sort(key=lambda item: order.index(item.kind))


def item(progress: PlacementProgress, kind: ReadinessKind) -> ReadinessItem:
    found = next((i for i in progress.items if i.kind is kind), None)
    if found is None:
        raise Refused(f"{kind.label} is not on this placement's checklist.")
    return found


def gaps(progress: PlacementProgress, entry: ReadinessItem, today: date | None = None) -> list[str]:
    """What keeps an item from being done, in words (empty when done)."""
    today = today or local_today()
    details = entry.details or {}
    if entry.kind is ReadinessKind.WORK_PERMIT:
        return permit_gaps(progress, details, today)
    if entry.kind is ReadinessKind.INSURANCE_CERTIFICATE:
        if not details.get("expires_on"):
            return [N_("the certificate has not been recorded")]
        return _expiry_gaps(progress, details["expires_on"], CERTIFICATE, today)
    if entry.done_at is None:
        return {ReadinessKind.GUARDIAN_CONSENT: [N_("the guardian has not signed")],
                ReadinessKind.PLACEMENT_AGREEMENT: [N_("the employer has not accepted the agreement")],
                ReadinessKind.SAFETY_ORIENTATION: [N_("the orientation has not been recorded")]}[entry.kind]
    return []


def _expiry_gaps(progress: PlacementProgress, expires_on: str, what: str, today: date) -> list[str]:
    expires = date.fromisoformat(expires_on)
    end = placement_end(progress)
    if expires < today:
        return [Message(N_("%(what)s expired on %(day)s"), what=what, day=expires)]
    if end is not None and expires < end:
        return [Message(N_("%(what)s expires on %(day)s, before the placement ends on %(end)s"), what=what,
                        day=expires, end=end)]
    return []


#: What an expiry is of, and the days of the week, in words the catalogue has.
PERMIT, CERTIFICATE = Message(N_("the permit")), Message(N_("the certificate"))
_DAY_WORDS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"),
              N_("Sunday"))


def _hours(minutes: float) -> Message:
    """``4 hours``, ``1 hour``, ``2.5 hours`` (as ``schedule.hours_text`` writes them), for each language."""
    shown = f"{minutes / 60:.2f}".rstrip("0").rstrip(".")
    return Message(N_("%(count)s hour"), count=shown) if shown == "1" else Message(N_("%(count)s hours"), count=shown)


def permit_gaps(progress: PlacementProgress, details: dict, today: date) -> list[str]:
    """Why a work permit does not (yet) allow this placement: what is missing, or the hours it does not cover."""
    problems = []
    if not details.get("statement_of_intent"):
        problems.append(N_("the Statement of Intent has not been received"))
    if not details.get("number"):
        problems.append(N_("the permit has not been recorded"))
        return problems
    shifts = daily_minutes(progress.placement.slot)
    daily, weekly = details.get("max_daily_hours"), details.get("max_weekly_hours")
    for day, minutes in shifts.items():
        if daily is not None and minutes > daily * 60:
            problems.append(Message(N_("the permit allows %(allowed)s a day; the %(day)s shift is %(hours)s"),
                                    allowed=_hours(daily * 60), day=Message(day), hours=_hours(minutes)))
    total = sum(shifts.values())
    if weekly is not None and total > weekly * 60:
        problems.append(Message(N_("the permit allows %(allowed)s a week; the schedule is %(hours)s"),
                                allowed=_hours(weekly * 60), hours=_hours(total)))
    problems.extend(_expiry_gaps(progress, details["expires_on"], PERMIT, today))
    return problems


def refresh(progress: PlacementProgress, today: date | None = None) -> None:
    """Tick or untick each item by what was recorded, and move between preparing and ready to match."""
    for entry in progress.items:
        if entry.kind in (ReadinessKind.WORK_PERMIT, ReadinessKind.INSURANCE_CERTIFICATE):
            ok = not gaps(progress, entry, today)
            if ok and entry.done_at is None:
                entry.done_at = utcnow()
            elif not ok:
                entry.done_at = None
    if progress.state in FINAL_STATES or progress.state is AfterState.STARTED:
        return
    target = AfterState.PREPARING if missing_items(progress, today) else AfterState.READY
    if target is not progress.state and can_move(progress.state, target):
        progress.state = target


def missing_items(progress: PlacementProgress, today: date | None = None) -> list[str]:
    """Each required item not done, with what is missing, e.g. "Work permit (minors): the permit allows …"."""
    return [f"{entry.kind.label}: {', '.join(problems)}" for entry in progress.items
            if entry.required and (problems := gaps(progress, entry, today))]


def _may_record(actor: User, progress: PlacementProgress, kind: ReadinessKind) -> None:
    if progress.state not in (AfterState.PREPARING, AfterState.READY, AfterState.STARTED):
        raise Refused("This placement has ended: its checklist can no longer change.")
    if actor.role in STAFF and actor.consortium_id == progress.consortium_id:
        return
    if actor.role is Role.EMPLOYER and kind in EMPLOYER_KINDS \
            and actor.employer_id == progress.placement.slot.employer_id:
        return
    raise Refused("Only the coordinator, or the employer for its own items, can record this.")


def _done(session: Session, actor: User, progress: PlacementProgress, entry: ReadinessItem, **details) -> None:
    entry.details = {**(entry.details or {}), **details}
    if entry.kind not in (ReadinessKind.WORK_PERMIT, ReadinessKind.INSURANCE_CERTIFICATE):
        entry.done_at = utcnow()
    entry.done_by_id = actor.id if actor else None
    refresh(progress)
    record_event(session, actor, f"readiness.{entry.kind.value}_recorded", progress,
                 placement_id=progress.placement_id, done=entry.done_at is not None)
    session.commit()


def _date_field(errors: Collector, field: str, value: str | None, required: bool = True) -> date | None:
    text = (value or "").strip()
    if not text:
        if required:
            errors.add(field, "Enter the date.")
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.add(field, "Enter the date like 2027-06-30.")
        return None


def _hours_field(errors: Collector, field: str, value: str | None, most: int) -> float | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        hours = float(text)
    except ValueError:
        errors.add(field, "Enter a number of hours, like 4 or 4.5.")
        return None
    if not 0 < hours <= most:
        errors.add(field, f"Enter between 0 and {most} hours.")
        return None
    return hours


@rolls_back_refusals
def record_work_permit(session: Session, actor: User, progress: PlacementProgress, *, statement_of_intent: bool,
                       number: str | None, max_daily_hours: str | None, max_weekly_hours: str | None,
                       expires_on: str | None) -> list[str]:
    """Record the Statement of Intent and the permit; returns what the permit still leaves missing."""
    entry = item(progress, ReadinessKind.WORK_PERMIT)
    _may_record(actor, progress, entry.kind)
    errors = Collector()
    number = " ".join((number or "").split())
    if len(number) > 40:
        errors.add("number", "Keep the permit number under 40 characters.")
    daily = _hours_field(errors, "max_daily_hours", max_daily_hours, 24)
    weekly = _hours_field(errors, "max_weekly_hours", max_weekly_hours, 168)
    expires = _date_field(errors, "expires_on", expires_on, required=bool(number))
    if number and (daily is None or weekly is None):
        errors.add("max_daily_hours" if daily is None else "max_weekly_hours",
                   "Enter the hours the permit allows.")
    errors.raise_if_any()
    _done(session, actor, progress, entry, statement_of_intent=bool(statement_of_intent), number=number or None,
          max_daily_hours=daily, max_weekly_hours=weekly, expires_on=expires.isoformat() if expires else None)
    return gaps(progress, entry)


@rolls_back_refusals
def record_insurance(session: Session, actor: User, progress: PlacementProgress, *, insurer: str | None,
                     expires_on: str | None) -> list[str]:
    """Record the employer's insurance certificate and its expiry date."""
    entry = item(progress, ReadinessKind.INSURANCE_CERTIFICATE)
    _may_record(actor, progress, entry.kind)
    errors = Collector()
    insurer = " ".join((insurer or "").split())
    if not insurer:
        errors.add("insurer", "Enter the insurer's name.")
    elif len(insurer) > 200:
        errors.add("insurer", "Keep the insurer's name under 200 characters.")
    expires = _date_field(errors, "expires_on", expires_on)
    errors.raise_if_any()
    _done(session, actor, progress, entry, insurer=insurer, expires_on=expires.isoformat())
    return gaps(progress, entry)


@rolls_back_refusals
def accept_agreement(session: Session, actor: User, progress: PlacementProgress, signed_name: str | None) -> None:
    """The employer accepts the training and placement agreement by its person's typed name; or the
    coordinator records an acceptance the employer signed on paper, with the signer's name."""
    entry = item(progress, ReadinessKind.PLACEMENT_AGREEMENT)
    _may_record(actor, progress, entry.kind)
    name = " ".join((signed_name or "").split())
    if not 2 <= len(name) <= 200:
        raise Refused("Type the full name of the employer's person who accepts the agreement.")
    _done(session, actor, progress, entry, signed_name=name, accepted_at=utcnow().isoformat(),
          recorded_by="employer" if actor.role is Role.EMPLOYER else "coordinator")


@rolls_back_refusals
def record_orientation(session: Session, actor: User, progress: PlacementProgress, done_on: str | None) -> None:
    """Record that the student's safety orientation took place (on a date not in the future)."""
    entry = item(progress, ReadinessKind.SAFETY_ORIENTATION)
    _may_record(actor, progress, entry.kind)
    errors = Collector()
    on = _date_field(errors, "done_on", done_on)
    if on is not None and on > local_today():
        errors.add("done_on", "The orientation cannot be in the future.")
    errors.raise_if_any()
    _done(session, actor, progress, entry, done_on=on.isoformat())
