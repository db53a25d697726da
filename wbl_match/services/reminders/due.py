"""What reminders are due at a moment, and sending each one once.

``send_due_reminders(session, now)`` is run by the scheduler (in-process: a thread's tick; production: a
self-rescheduling RQ job, and ``flask send-due-reminders`` from cron); it takes ``now`` so that a test sets
the clock. At each run it sends:

- before a round's ranking closes (``MatchRound.ranking_closes_at``; the round open), to each student taking
  part whose profile is not complete or who ranked nothing: 3 days before, and 1 day before;
- before an offer expires (``Placement.expires_at``; the offer still unanswered), to the student: 48 and
  12 hours before;
- once a day (the consortium's local day), the after-match reminders: checklists, hours, evaluations.

Of a deadline's thresholds only the nearest one already reached is sent (a round opened two days before
its close gets the 1-day reminder, never the 3-day one late), nothing once the deadline has passed, and
nothing to a withdrawn student. Each reminder is claimed by a row of ``reminders_sent`` whose key (person,
event, threshold) is unique, in the same transaction as its messages: two workers racing for it both try
the insert, one wins and the other sends nothing. Reminders go by e-mail and, to a student who agreed to
texts, by text, in the student's language, with times in the consortium's zone; they wait for the day
(``SENDING_HOURS``, local time) rather than wake anyone.

The ranking and offer reminders also go to the student's parent or guardian when the student's record has
their e-mail (``StudentProfile.guardian_email``): addressed to a parent, in the guardian's language
(``family_mail.language_of_guardian``), each once under its own key (``...:guardian=<student id>:...``), so
the student's reminder and the guardian's are claimed and sent independently.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wbl_match import localisation
from wbl_match.domain.profiles import profile_is_complete
from wbl_match.models import (
    Consortium, MatchRound, Placement, PlacementStatus, Preference, ReminderSent, RoundState, StudentProfile,
)
from wbl_match.services.outbox import family_mail
from wbl_match.services.outbox.messages import queue_sms, queue_text
from wbl_match.services.outbox.texts import text_address
from wbl_match.services.rounds.membership import members_clause

#: Before a round's ranking closes, largest first.
RANKING_THRESHOLDS = (("3d", timedelta(days=3)), ("1d", timedelta(days=1)))
#: Before an offer expires, largest first.
OFFER_THRESHOLDS = (("48h", timedelta(hours=48)), ("12h", timedelta(hours=12)))
#: Reminders go out between these local hours only (from 8:00, until 21:00), unless the caller says otherwise.
SENDING_HOURS = (8, 21)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def threshold_reached(deadline: datetime | None, now: datetime, thresholds) -> str | None:
    """The nearest of ``thresholds`` (name, time before) that ``now`` has reached before ``deadline``; None
    before the first and from the deadline on."""
    if deadline is None or now >= _aware(deadline):
        return None
    reached = [name for name, ahead in thresholds if now >= _aware(deadline) - ahead]
    return reached[-1] if reached else None


def sending_hours(now: datetime, hours: tuple[int, int] = SENDING_HOURS, zone: str | None = None) -> bool:
    """Whether ``now`` is within ``hours`` (from, until: ``(8, 21)``; ``(0, 24)`` is any time), in the
    consortium's zone."""
    start, end = hours
    return start <= localisation.to_local(now, zone or localisation.consortium_zone()).hour < end


def parse_hours(value: str | None) -> tuple[int, int]:
    """``"8-21"`` as ``(8, 21)``; blank: ``SENDING_HOURS``. Raises ``ValueError`` for anything else."""
    if value is None or not value.strip():
        return SENDING_HOURS
    start, sep, end = value.strip().partition("-")
    if not sep or not start.strip().isdigit() or not end.strip().isdigit() \
            or not 0 <= int(start) < int(end) <= 24:
        raise ValueError(f"reminder hours must be written like 8-21 (from, until; 0-24 for any time), not {value!r}")
    return int(start), int(end)


def student_email(student: StudentProfile) -> str | None:
    """Where the student's e-mail goes: their account's address while it is active, else their record's."""
    if student.user is not None and student.user.is_active and student.user.email:
        return student.user.email
    return student.email


def send_due_reminders(session: Session, now: datetime, *, base_url: str = "http://127.0.0.1:8000",
                       consortium_id: int | None = None, hours: tuple[int, int] = SENDING_HOURS) -> dict[str, int]:
    """Send every reminder due at ``now`` not sent before; returns how many reminders of each kind went and
    how many messages they queued (``emails``, ``texts``); ``guardians`` counts the reminders that went to
    parents and guardians (their e-mails are in ``emails`` too)."""
    now = _aware(now)
    counts = {"ranking": 0, "offers": 0, "guardians": 0, "after_match": 0, "emails": 0, "texts": 0}
    if not sending_hours(now, hours):
        return counts
    for round_id, threshold in _ranking_rounds(session, now, consortium_id):
        for student_id in _ranking_students(session, round_id):
            if _remind_ranking(session, round_id, student_id, threshold, counts):
                counts["ranking"] += 1
            if _remind_ranking_guardian(session, round_id, student_id, threshold, counts):
                counts["guardians"] += 1
    for placement_id, threshold in _expiring_offers(session, now, consortium_id):
        if _remind_offer(session, placement_id, threshold, counts):
            counts["offers"] += 1
        if _remind_offer_guardian(session, placement_id, threshold, counts):
            counts["guardians"] += 1
    counts["after_match"] = _after_match(session, now, base_url, consortium_id)
    return counts


def _ranking_rounds(session: Session, now: datetime, consortium_id: int | None):
    furthest = max(ahead for _, ahead in RANKING_THRESHOLDS)
    query = sa.select(MatchRound.id, MatchRound.ranking_closes_at).where(
        MatchRound.state == RoundState.OPEN, MatchRound.ranking_closes_at.is_not(None),
        MatchRound.ranking_closes_at > now, MatchRound.ranking_closes_at <= now + furthest)
    if consortium_id is not None:
        query = query.where(MatchRound.consortium_id == consortium_id)
    for round_id, closes in session.execute(query.order_by(MatchRound.id)).all():
        threshold = threshold_reached(closes, now, RANKING_THRESHOLDS)
        if threshold is not None:
            yield round_id, threshold


def _ranking_students(session: Session, round_id: int) -> list[int]:
    match_round = session.get(MatchRound, round_id)
    return list(session.scalars(sa.select(StudentProfile.id).where(members_clause(match_round))
                                .order_by(StudentProfile.id)))


def _expiring_offers(session: Session, now: datetime, consortium_id: int | None):
    furthest = max(ahead for _, ahead in OFFER_THRESHOLDS)
    query = (sa.select(Placement.id, Placement.expires_at)
             .join(MatchRound, MatchRound.id == Placement.round_id)
             .join(StudentProfile, StudentProfile.id == Placement.student_id)
             .where(Placement.status == PlacementStatus.OFFERED, MatchRound.state == RoundState.PUBLISHED,
                    StudentProfile.withdrawn_at.is_(None), Placement.expires_at.is_not(None),
                    Placement.expires_at > now, Placement.expires_at <= now + furthest))
    if consortium_id is not None:
        query = query.where(MatchRound.consortium_id == consortium_id)
    for placement_id, expires in session.execute(query.order_by(Placement.id)).all():
        threshold = threshold_reached(expires, now, OFFER_THRESHOLDS)
        if threshold is not None:
            yield placement_id, threshold


def _claim(session: Session, consortium_id: int, key: str, student_id: int | None) -> ReminderSent | None:
    """Record the reminder as sent, unless it already is (by this run or another worker's)."""
    if session.scalar(sa.select(ReminderSent.id).where(ReminderSent.key == key)) is not None:
        return None
    claim = ReminderSent(consortium_id=consortium_id, key=key, student_id=student_id, messages=0)
    session.add(claim)
    try:
        session.flush()  # the insert now: a worker that wrote it first makes this one fail (or wait, then fail)
    except IntegrityError:
        session.rollback()
        return None
    return claim


def _commit_claim(session: Session) -> bool:
    """Commit the claim and its messages; False (nothing sent) when another worker claimed it first."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return False
    return True


def guardian_email(student: StudentProfile) -> str | None:
    """Where the guardian's reminders go: their address on the student's record, unless it is the student's
    own (one reminder is enough then)."""
    address = (student.guardian_email or "").strip()
    if not address or address.lower() == (student_email(student) or "").strip().lower():
        return None
    return address


def _still_to_do(session: Session, round_id: int, student: StudentProfile) -> tuple[bool, bool]:
    """Whether the student's profile is incomplete, and whether they ranked nothing in the round."""
    needs_ranks = session.scalar(sa.select(sa.func.count()).select_from(Preference).where(
        Preference.round_id == round_id, Preference.student_id == student.id)) == 0
    return not profile_is_complete(student), needs_ranks


def _remind_ranking(session: Session, round_id: int, student_id: int, threshold: str,
                    counts: dict[str, int]) -> bool:
    student = session.get(StudentProfile, student_id)
    match_round = session.get(MatchRound, round_id)
    needs_profile, needs_ranks = _still_to_do(session, round_id, student)
    email, number = student_email(student), text_address(student)
    if not (needs_profile or needs_ranks) or not (email or number):
        return False
    claim = _claim(session, match_round.consortium_id, f"ranking:round={round_id}:student={student_id}:{threshold}",
                   student_id)
    if claim is None:
        return False
    language = family_mail.language_of_student(student)
    closes = match_round.ranking_closes_at
    if email:
        queue_text(session, match_round.consortium_id, email, family_mail.ranking_reminder(
            student, match_round.name, closes, language, round_id, needs_profile=needs_profile,
            needs_ranks=needs_ranks))
    if number:
        queue_sms(session, match_round.consortium_id, number,
                  family_mail.ranking_reminder_sms(match_round.name, closes, language, round_id))
    return _sent(session, claim, email, number, counts)


def _remind_offer(session: Session, placement_id: int, threshold: str, counts: dict[str, int]) -> bool:
    placement = session.get(Placement, placement_id)
    student = placement.student
    email, number = student_email(student), text_address(student)
    if not (email or number):
        return False
    claim = _claim(session, placement.round.consortium_id, f"offer:placement={placement_id}:{threshold}", student.id)
    if claim is None:
        return False
    language = family_mail.language_of_student(student)
    if email:
        queue_text(session, claim.consortium_id, email, family_mail.offer_reminder(
            student, placement.slot, placement.round.name, placement.expires_at, language, placement_id))
    if number:
        queue_sms(session, claim.consortium_id, number,
                  family_mail.offer_reminder_sms(placement.slot, placement.expires_at, language, placement_id))
    return _sent(session, claim, email, number, counts)


def _remind_ranking_guardian(session: Session, round_id: int, student_id: int, threshold: str,
                             counts: dict[str, int]) -> bool:
    student = session.get(StudentProfile, student_id)
    email = guardian_email(student)
    if email is None:
        return False
    needs_profile, needs_ranks = _still_to_do(session, round_id, student)
    if not (needs_profile or needs_ranks):
        return False
    match_round = session.get(MatchRound, round_id)
    claim = _claim(session, match_round.consortium_id,
                   f"ranking:round={round_id}:guardian={student_id}:{threshold}", student_id)
    if claim is None:
        return False
    queue_text(session, claim.consortium_id, email, family_mail.guardian_ranking_reminder(
        student, match_round.name, match_round.ranking_closes_at, family_mail.language_of_guardian(student),
        needs_profile=needs_profile, needs_ranks=needs_ranks))
    return _sent(session, claim, email, None, counts)


def _remind_offer_guardian(session: Session, placement_id: int, threshold: str, counts: dict[str, int]) -> bool:
    placement = session.get(Placement, placement_id)
    student = placement.student
    email = guardian_email(student)
    if email is None:
        return False
    claim = _claim(session, placement.round.consortium_id, f"offer:placement={placement_id}:guardian={student.id}:"
                   f"{threshold}", student.id)
    if claim is None:
        return False
    queue_text(session, claim.consortium_id, email, family_mail.guardian_offer_reminder(
        student, placement.slot, placement.round.name, placement.expires_at, family_mail.language_of_guardian(student)))
    return _sent(session, claim, email, None, counts)


def _sent(session: Session, claim: ReminderSent, email: str | None, number: str | None,
          counts: dict[str, int]) -> bool:
    claim.messages = int(bool(email)) + int(bool(number))
    if not _commit_claim(session):
        return False
    counts["emails"] += int(bool(email))
    counts["texts"] += int(bool(number))
    return True


def _after_match(session: Session, now: datetime, base_url: str, consortium_id: int | None) -> int:
    """Each consortium's after-match reminders, once on each of its local days; returns how many ran."""
    from wbl_match.services.placements.reminders import send_reminders

    today = localisation.to_local(now, localisation.consortium_zone()).date()
    query = sa.select(Consortium.id).order_by(Consortium.id)
    if consortium_id is not None:
        query = query.where(Consortium.id == consortium_id)
    ran = 0
    for found in session.scalars(query).all():
        claim = _claim(session, found, f"after-match:consortium={found}:{today.isoformat()}", None)
        if claim is None or not _commit_claim(session):
            continue
        claim_id = claim.id
        try:
            queued = send_reminders(session, None, found, today,
                                    lambda token: f"{base_url.rstrip('/')}/hours-approval/{token}")
        except Exception:  # the day's reminders did not go: let the next run try again
            session.rollback()
            session.execute(sa.delete(ReminderSent).where(ReminderSent.id == claim_id))
            session.commit()
            raise
        session.execute(sa.update(ReminderSent).where(ReminderSent.id == claim_id)
                        .values(messages=sum(queued.values())))
        session.commit()
        ran += 1
    return ran
