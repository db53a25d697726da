"""What a student sees of their rounds: their own profile, offers of published rounds, and why they are unplaced."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, PlacementStatus, RoundState, Slot, SolveRun, SolveStatus,
    StudentProfile, User,
)
from wbl_match.services.engine_io import student_key
from wbl_match.services.reason_words import slot_names
from wbl_match.services.tenancy import find_by_key
from wbl_match.services.rounds.membership import rounds_of_student
from wbl_match.services.rounds.visibility import is_shown, shown_to_participants


def own_profile(session: Session, user: User) -> StudentProfile | None:
    """The signed-in student's profile (None when the coordinator has not linked one yet)."""
    return session.scalar(sa.select(StudentProfile).where(StudentProfile.user_id == user.id).options(
        selectinload(StudentProfile.interests), selectinload(StudentProfile.availability),
        selectinload(StudentProfile.school)))


def own_placement(session: Session, user: User, placement_id) -> Placement | None:
    """One of the student's placements offered to them (``visibility``); None for anyone else's."""
    placement = find_by_key(session, Placement, placement_id)
    if placement is None or placement.student.user_id != user.id:
        return None
    if not is_shown(placement):
        return None
    return placement


def published_placements(session: Session, profile: StudentProfile) -> list[Placement]:
    """Placements offered to the student (``visibility``), newest round first."""
    return list(session.scalars(
        sa.select(Placement).join(MatchRound, MatchRound.id == Placement.round_id)
        .where(Placement.student_id == profile.id, shown_to_participants(),
               Placement.status.in_((*ACTIVE_PLACEMENT_STATUSES, PlacementStatus.DECLINED)))
        .options(selectinload(Placement.slot).selectinload(Slot.shifts), selectinload(Placement.slot)
                 .selectinload(Slot.employer))
        .order_by(MatchRound.id.desc(), Placement.id.desc())))


@dataclass(frozen=True)
class Unplaced:
    round: MatchRound
    #: The engine's reasons and what-if as stored (shown through the ``reason_words`` filter).
    reasons: list[dict]
    what_would_help: dict | None
    #: Names of the slots the reasons mention, by engine key.
    slot_names: dict = field(default_factory=dict)


def unplaced_notes(session: Session, profile: StudentProfile) -> list[Unplaced]:
    """For each published round the student takes part in without a placement for them, the engine's explanation."""
    rounds = sorted(rounds_of_student(session, profile, (RoundState.PUBLISHED,)), key=lambda r: -r.id)
    notes = []
    for match_round in rounds:
        placed = session.scalar(sa.select(sa.func.count(Placement.id)).where(
            Placement.round_id == match_round.id, Placement.student_id == profile.id))
        if placed:
            continue
        notes.append(_explanation(session, match_round, profile))
    return notes


def _explanation(session: Session, match_round: MatchRound, profile: StudentProfile) -> Unplaced:
    solve = session.scalar(sa.select(SolveRun).where(
        SolveRun.round_id == match_round.id, SolveRun.status == SolveStatus.SUCCEEDED)
        .order_by(SolveRun.id.desc()).limit(1))
    key = student_key(profile.id)
    for entry in ((solve.result or {}).get("unplaced", []) if solve else []):
        if entry.get("student") == key:
            reasons = [r for r in entry.get("reasons", []) if r.get("message")]
            what_if = entry.get("what_if") if (entry.get("what_if") or {}).get("message") else None
            return Unplaced(match_round, reasons, what_if, slot_names(session, [entry]))
    return Unplaced(match_round, [], None)
