"""Withdrawing a student who left the school or the programme, and reinstating them.

A withdrawal is one transaction: the profile is marked withdrawn with its reason, the student's sign-in
account is switched off (and every session of it ends), open invitations for them stop working, their
proposed placements and open offers are withdrawn (and accepted places in published rounds, so a re-match
can fill them), and their rankings in open rounds are removed. From then on ``services.mapping`` leaves
them out of every solve and of round readiness, and bulk re-import leaves them as they are.

Reinstating makes the student take part again; it does not switch the account back on (the coordinator
invites the student again) and does not bring back withdrawn placements or rankings.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    Invitation, MatchRound, Placement, PlacementStatus, Preference, RoundState, StudentProfile, User,
    WithdrawalReason,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.membership import rounds_of_student
from wbl_match.services.errors import Collector, Refused, rolls_back_refusals
from wbl_match.services.rounds.lifecycle import event_allowed
from wbl_match.services.rounds.locking import lock_school_rounds
from wbl_match.services.rounds.solving import check_solve

MAX_NOTE = 500
#: The reason recorded on a placement withdrawn with its student.
WITHDRAWN_REASON = "student withdrawn from the programme"
#: Placements withdrawn with the student, by the state of their round. Archived rounds are history.
WITHDRAWN_WITH_STUDENT = {
    PlacementStatus.PROPOSED: (RoundState.CLOSED, RoundState.SOLVED, RoundState.PUBLISHED),
    # After a re-match the round is solved again while its offers and acceptances stand.
    PlacementStatus.OFFERED: (RoundState.SOLVED, RoundState.PUBLISHED),
    PlacementStatus.ACCEPTED: (RoundState.SOLVED, RoundState.PUBLISHED),
}


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal did, for the confirmation message."""

    placements: int
    rankings: int
    account_closed: bool


def parse_reason(reason: str | None, note: str | None) -> tuple[WithdrawalReason, str | None]:
    """The reason and note of a withdrawal, checked; raises ``FieldErrors`` (fields ``reason``, ``note``)."""
    errors = Collector()
    note = (note or "").strip() or None
    try:
        parsed = WithdrawalReason(reason or "")
    except ValueError:
        parsed = None
        errors.add("reason", "Choose why the student is withdrawn.")
    if parsed is WithdrawalReason.OTHER and note is None:
        errors.add("note", "Say why, in a few words.")
    if note is not None and len(note) > MAX_NOTE:
        errors.add("note", f"Keep it under {MAX_NOTE} characters.")
    errors.raise_if_any()
    return parsed, note


def _solving_round(session: Session, student: StudentProfile) -> MatchRound | None:
    """A round being solved that the student takes part in (its result would place them): the state machine
    allows no withdrawal then (``lifecycle.EVENTS``)."""
    blocked = [state for state in RoundState if not event_allowed(state, "student_withdrawn")]
    solving = rounds_of_student(session, student, tuple(blocked))
    return solving[0] if solving else None


def _notice_dead_solves(session: Session, student: StudentProfile) -> None:
    """Undo a solve of the student's rounds whose worker died, so that it no longer blocks the withdrawal."""
    for match_round in rounds_of_student(session, student, (RoundState.SOLVING,)):
        check_solve(session, match_round.id)


@rolls_back_refusals
def withdraw_student(session: Session, actor: User, student: StudentProfile, reason: str | None,
                     note: str | None = None) -> Withdrawal:
    """Withdraw ``student`` with a reason (and a note, required for "other"); commits.

    Raises ``FieldErrors`` for a missing reason or note, ``Refused`` when the student is already withdrawn
    or one of their rounds is being solved. Nothing is written then.
    """
    parsed, note = parse_reason(reason, note)
    if student.consortium_id != actor.consortium_id:
        raise Refused("This student belongs to another consortium.")
    _notice_dead_solves(session, student)
    lock_school_rounds(session, student.consortium_id, student.school_id)
    try:
        if student.is_withdrawn:
            raise Refused(f"{student.display_name} was already withdrawn on {student.withdrawn_at:%d %B %Y}.")
        solving = _solving_round(session, student)
        if solving is not None:
            raise Refused(f"“{solving.name}” is being solved; withdraw the student when the solve has ended.")
        now = utcnow()
        student.withdrawn_at, student.withdrawal_reason, student.withdrawal_note = now, parsed, note
        withdrawn = _withdraw_placements(session, actor, student, now)
        rankings = _remove_rankings(session, student)
        account_closed = _close_account(session, actor, student, now)
        record_event(session, actor, "student.withdrawn", student, reason=parsed.value, placements=withdrawn,
                     rankings=rankings, account_closed=account_closed)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return Withdrawal(withdrawn, rankings, account_closed)


def _withdraw_placements(session: Session, actor: User, student: StudentProfile, now) -> int:
    placements = session.scalars(sa.select(Placement).join(MatchRound, MatchRound.id == Placement.round_id)
                                 .where(Placement.student_id == student.id,
                                        Placement.status.in_(tuple(WITHDRAWN_WITH_STUDENT)))
                                 .order_by(Placement.id)).all()
    count = 0
    for placement in placements:
        if placement.round.state not in WITHDRAWN_WITH_STUDENT[placement.status]:
            continue
        previous = placement.status
        placement.status, placement.responded_at, placement.pinned = PlacementStatus.WITHDRAWN, now, False
        placement.responded_by_id = actor.id if isinstance(getattr(actor, "id", None), int) else None
        placement.response_reason = WITHDRAWN_REASON
        record_event(session, actor, "placement.withdrawn", placement, consortium_id=student.consortium_id,
                     round_id=placement.round_id, previous=previous.value, student_id=student.id)
        count += 1
    session.flush()
    return count


def _remove_rankings(session: Session, student: StudentProfile) -> int:
    open_rounds = sa.select(MatchRound.id).where(MatchRound.consortium_id == student.consortium_id,
                                                 MatchRound.state == RoundState.OPEN)
    removed = session.execute(sa.delete(Preference).where(Preference.student_id == student.id,
                                                          Preference.round_id.in_(open_rounds)))
    return removed.rowcount or 0


def _close_account(session: Session, actor: User, student: StudentProfile, now) -> bool:
    session.execute(sa.update(Invitation).where(Invitation.student_id == student.id, Invitation.used_at.is_(None),
                                                Invitation.expires_at > now).values(expires_at=now)
                    .execution_options(synchronize_session="fetch"))
    user = session.get(User, student.user_id) if student.user_id else None
    if user is None or not user.is_active:
        return False
    user.is_active = False
    user.session_version += 1
    record_event(session, actor, "user.deactivated", user, reason="student withdrawn", student_id=student.id)
    return True


@rolls_back_refusals
def reinstate_student(session: Session, actor: User, student: StudentProfile) -> StudentProfile:
    """Let a withdrawn student take part again (their account stays off until they are invited again)."""
    if student.consortium_id != actor.consortium_id:
        raise Refused("This student belongs to another consortium.")
    if not student.is_withdrawn:
        raise Refused(f"{student.display_name} is not withdrawn.")
    previous = student.withdrawal_reason.value
    student.withdrawn_at, student.withdrawal_reason, student.withdrawal_note = None, None, None
    record_event(session, actor, "student.reinstated", student, previous_reason=previous)
    session.commit()
    return student
