"""The intermediary's students directory: find a student of the consortium, and see their record at a glance.

A search is two queries whatever the page size (the count, and one page of rows with the school's name and
whether the profile is complete, computed in SQL). A student's page is a handful of queries too. Exact home
coordinates and the e-mail of the sign-in account are never part of what these functions return for display;
demographics only when the caller asks (the web shows them to intermediaries alone).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    MatchRound, Placement, School, Slot, StudentAvailability, StudentDemographics,
    StudentProfile, StudentSectorInterest, User,
)
from wbl_match.services.students.preferences import Ranking, student_rankings
from wbl_match.services.searching import clamp_page, contains, page_count

PER_PAGE = 25
STATUSES = ("active", "withdrawn", "all")


@dataclass(frozen=True)
class DirectoryFilters:
    """What the intermediary searches for; empty values do not filter."""

    query: str = ""
    school_id: int | None = None
    grade: int | None = None
    #: True: complete profiles only; False: incomplete only; None: both.
    complete: bool | None = None
    #: ``active`` (the default), ``withdrawn`` or ``all``.
    status: str = "active"
    page: int = 1


@dataclass(frozen=True)
class DirectoryRow:
    id: int
    external_id: str
    name: str
    school: str
    grade: int
    complete: bool
    has_account: bool
    withdrawn: bool


@dataclass
class DirectoryPage:
    rows: list[DirectoryRow]
    total: int
    page: int
    pages: int


def complete_profile_clause():
    """SQL for ``domain.profiles.profile_is_complete``: home, travel mode and limit, a sector and a time of
    availability (``tests/web/test_students_directory.py`` ties the two)."""
    return sa.and_(
        StudentProfile.home_lat.is_not(None), StudentProfile.travel_mode.is_not(None),
        sa.or_(StudentProfile.max_minutes.is_not(None), StudentProfile.max_km.is_not(None)),
        sa.exists().where(StudentSectorInterest.student_id == StudentProfile.id),
        sa.exists().where(StudentAvailability.student_id == StudentProfile.id))


def _where(consortium_id: int, filters: DirectoryFilters) -> list:
    where = [StudentProfile.consortium_id == consortium_id]
    words = (filters.query or "").split()
    for word in words[:5]:
        where.append(sa.or_(contains(StudentProfile.first_name, word), contains(StudentProfile.last_name, word),
                            contains(StudentProfile.external_id, word)))
    if filters.school_id:
        where.append(StudentProfile.school_id == filters.school_id)
    if filters.grade:
        where.append(StudentProfile.grade == filters.grade)
    if filters.complete is not None:
        clause = complete_profile_clause()
        where.append(clause if filters.complete else sa.not_(clause))
    if filters.status == "withdrawn":
        where.append(StudentProfile.withdrawn_at.is_not(None))
    elif filters.status != "all":
        where.append(StudentProfile.withdrawn_at.is_(None))
    return where


def search_students(session: Session, consortium_id: int, filters: DirectoryFilters,
                    per_page: int = PER_PAGE) -> DirectoryPage:
    """One page of the consortium's students matching ``filters``, by last name, first name and id."""
    where = _where(consortium_id, filters)
    total = session.scalar(sa.select(sa.func.count(StudentProfile.id)).where(*where)) or 0
    pages = page_count(total, per_page)
    page = clamp_page(filters.page, total, per_page)
    complete = complete_profile_clause().label("complete")
    rows = session.execute(
        sa.select(StudentProfile.id, StudentProfile.external_id, StudentProfile.first_name, StudentProfile.last_name,
                  School.name, StudentProfile.grade, complete, StudentProfile.user_id, StudentProfile.withdrawn_at)
        .join(School, School.id == StudentProfile.school_id).where(*where)
        .order_by(StudentProfile.last_name, StudentProfile.first_name, StudentProfile.id)
        .offset((page - 1) * per_page).limit(per_page)).all()
    return DirectoryPage([DirectoryRow(r.id, r.external_id, f"{r.first_name} {r.last_name}", r.name, r.grade,
                                       bool(r.complete), r.user_id is not None, r.withdrawn_at is not None)
                          for r in rows], total, page, pages)


def school_choices(session: Session, consortium_id: int) -> list[tuple[int, str]]:
    return [tuple(row) for row in session.execute(sa.select(School.id, School.name).where(
        School.consortium_id == consortium_id).order_by(School.name))]


@dataclass
class StudentRecord:
    """What the intermediary's student page shows."""

    profile: StudentProfile
    complete: bool
    #: None: no sign-in account; else whether it is switched on.
    account_active: bool | None
    rankings: list[Ranking] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    demographics: StudentDemographics | None = None


def load_student(session: Session, consortium_id: int, student_id) -> StudentProfile | None:
    """The student with interests, availability and school loaded, if they belong to the consortium."""
    try:
        key = int(student_id)
    except (TypeError, ValueError):
        return None
    return session.scalar(sa.select(StudentProfile).where(
        StudentProfile.id == key, StudentProfile.consortium_id == consortium_id).options(
        selectinload(StudentProfile.interests), selectinload(StudentProfile.availability),
        selectinload(StudentProfile.school)))


def student_record(session: Session, profile: StudentProfile, *, with_demographics: bool) -> StudentRecord:
    """The student's profile, account state, rankings (open rounds, and later rounds they ranked in),
    placements, and (if asked) demographics."""
    from wbl_match.domain.profiles import profile_is_complete

    account = session.scalar(sa.select(User.is_active).where(User.id == profile.user_id)) \
        if profile.user_id else None
    record = StudentRecord(profile, profile_is_complete(profile), account)
    record.rankings = _rankings(session, profile)
    record.placements = list(session.scalars(
        sa.select(Placement).join(MatchRound, MatchRound.id == Placement.round_id)
        .where(Placement.student_id == profile.id)
        .options(selectinload(Placement.round), selectinload(Placement.slot).selectinload(Slot.employer))
        .order_by(MatchRound.id.desc(), Placement.id.desc())))
    if with_demographics:
        record.demographics = session.get(StudentDemographics, profile.id)
    return record


def _rankings(session: Session, profile: StudentProfile) -> list[Ranking]:
    return student_rankings(session, profile)
