"""Read models for the role home pages: counts and lists, scoped to one consortium, employer or student."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, Employer, MatchRound, Placement, Role, RoundState, School, Slot, SlotStatus,
    StudentProfile, User,
)
from wbl_match.services.rounds.visibility import shown_to_participants


@dataclass(frozen=True)
class SchoolCount:
    school: School
    students: int


@dataclass(frozen=True)
class ConsortiumOverview:
    students: int
    schools: list[SchoolCount]
    employers: int
    open_slots: int
    open_capacity: int
    rounds: list[MatchRound]


def consortium_overview(session: Session, consortium_id: int) -> ConsortiumOverview:
    """What an intermediary sees first: who and what the consortium holds (students taking part: not withdrawn)."""
    per_school = session.execute(
        sa.select(School, sa.func.count(StudentProfile.id))
        .outerjoin(StudentProfile, sa.and_(StudentProfile.school_id == School.id,
                                           StudentProfile.withdrawn_at.is_(None)))
        .where(School.consortium_id == consortium_id)
        .group_by(School.id).order_by(School.name)
    ).all()
    open_slots = sa.select(sa.func.count(Slot.id), sa.func.coalesce(sa.func.sum(Slot.capacity), 0)).where(
        Slot.consortium_id == consortium_id, Slot.status == SlotStatus.OPEN)
    slot_count, capacity = session.execute(open_slots).one()
    rounds = session.scalars(sa.select(MatchRound).where(MatchRound.consortium_id == consortium_id)
                             .order_by(MatchRound.created_at.desc())).all()
    return ConsortiumOverview(
        students=sum(count for _, count in per_school),
        schools=[SchoolCount(school, count) for school, count in per_school],
        employers=session.scalar(sa.select(sa.func.count(Employer.id))
                                 .where(Employer.consortium_id == consortium_id)) or 0,
        open_slots=slot_count, open_capacity=int(capacity), rounds=list(rounds))


def employer_slots(session: Session, employer_id: int) -> list[Slot]:
    """The employer's slots, newest first, with their schedules."""
    return list(session.scalars(
        sa.select(Slot).where(Slot.employer_id == employer_id).options(selectinload(Slot.shifts))
        .order_by(Slot.status, Slot.title)))


@dataclass(frozen=True)
class StudentHome:
    profile: StudentProfile | None
    placements: list[Placement] = field(default_factory=list)


def student_home(session: Session, user: User) -> StudentHome:
    """The student's profile and the placements of published rounds offered to them."""
    profile = session.scalar(
        sa.select(StudentProfile).where(StudentProfile.user_id == user.id)
        .options(selectinload(StudentProfile.interests), selectinload(StudentProfile.availability),
                 selectinload(StudentProfile.school)))
    if profile is None:
        return StudentHome(profile=None)
    placements = session.scalars(
        sa.select(Placement).join(MatchRound)
        .where(Placement.student_id == profile.id, shown_to_participants(),
               Placement.status.in_(ACTIVE_PLACEMENT_STATUSES))
        .order_by(Placement.id.desc())).all()
    return StudentHome(profile=profile, placements=list(placements))


def consortium_users(session: Session, consortium_id: int) -> dict[Role, list[User]]:
    """Staff, employer and student accounts of a consortium, grouped by role."""
    users = session.scalars(sa.select(User).where(User.consortium_id == consortium_id)
                            .order_by(User.role, User.name)).all()
    grouped: dict[Role, list[User]] = {role: [] for role in Role}
    for user in users:
        grouped[user.role].append(user)
    return grouped
