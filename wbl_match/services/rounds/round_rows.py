"""The rows of one round, loaded in bulk: who and what a solve, readiness and the equity report count.

Students are the round's members (``services.rounds.membership``) read as plain ``ProfileRow`` objects
in three queries, so that a 10,000-student round loads quickly; complete and incomplete profiles are told
apart by ``domain.profiles``. ``round_file_for`` hands the rows to the translator, ``services.engine_io``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.domain.profiles import profile_gaps
from wbl_match.matching import Round, load_round
from wbl_match.models import (
    EmployerRanking, MatchRound, Placement, PlacementStatus, Preference, RoundExclusion, School, SectorRule,
    Slot, SlotStatus, StudentAvailability, StudentProfile, StudentSectorInterest, round_slots,
)
from wbl_match.services.engine_io import engine_round, round_document
from wbl_match.services.rounds.membership import members_clause
from wbl_match.services.work_limits import RoundWork, round_work


def gaps_in_round(profile, match_round: MatchRound) -> list[str]:
    """What ``profile`` lacks before it can take part in ``match_round`` (the rule of ``domain.profiles``)."""
    return profile_gaps(profile, sectors_required=match_round.sector_rule is SectorRule.REQUIRED)


@dataclass
class RoundRows:
    """The rows of one round, loaded once: what ``round_file_for`` turns into a round file."""

    match_round: MatchRound
    students: list[ProfileRow]
    incomplete: list[tuple[ProfileRow, list[str]]]
    slots: list[Slot]
    school_codes: dict[int, str]
    preferences: dict[int, list[int]] = field(default_factory=dict)
    rankings: dict[int, list[int]] = field(default_factory=dict)
    exclusions: list[tuple[int, int]] = field(default_factory=list)
    pins: list[tuple[int, int]] = field(default_factory=list)
    #: Placements a solve keeps as they are (accepted and offered), as ``(profile id, slot id)``; once loaded
    #: they are set aside (their students left out, their places in ``capacity_taken``) and this is empty.
    fixed: list[tuple[int, int]] = field(default_factory=list)
    #: Places already taken outside the engine, by slot id (kept placements, other rounds' placements).
    capacity_taken: dict[int, int] = field(default_factory=dict)
    #: The work-hour limits the round applies (``services.work_limits.round_work``).
    work: RoundWork | None = None


def load_round_rows(session: Session, match_round: MatchRound, *, fixed=(), left_out=(), extra_exclusions=(),
                    taken: dict[int, int] | None = None) -> RoundRows:
    """Load everything a round's solve needs: complete profiles of its schools, its open slots, ranks.

    Incomplete profiles are returned apart, with what each lacks. Pins are the round's pinned, active
    placements; ``fixed`` are placements a solve keeps as they are (accepted and open offers): their students
    are left out and their places taken off the slots, as are ``taken`` places (slot id → places held by
    other rounds); ``left_out`` are students whose accepted placement has ended (``capacity.kept_places``):
    left out too, but their places stay free; exclusions are the round's exclusions plus ``extra_exclusions``
    (pairs as ``(profile id, slot id)``).
    """
    complete, incomplete = [], []
    for profile in profile_rows(session, match_round):
        gaps = gaps_in_round(profile, match_round)
        if gaps:
            incomplete.append((profile, gaps))
        else:
            complete.append(profile)
    slots = list(session.scalars(
        sa.select(Slot).join(round_slots, round_slots.c.slot_id == Slot.id)
        .where(round_slots.c.round_id == match_round.id, Slot.status == SlotStatus.OPEN)
        .options(selectinload(Slot.shifts)).order_by(Slot.id)))
    codes = dict(session.execute(sa.select(School.id, School.cds_code)
                                 .where(School.consortium_id == match_round.consortium_id)).all())
    rows = RoundRows(match_round, complete, incomplete, slots, codes, work=round_work(session, match_round))
    _load_ranks(session, rows)
    excluded = session.execute(sa.select(RoundExclusion.student_id, RoundExclusion.slot_id)
                               .where(RoundExclusion.round_id == match_round.id))
    rows.exclusions = sorted({tuple(row) for row in excluded} | set(extra_exclusions))
    pinned = session.execute(sa.select(Placement.student_id, Placement.slot_id).where(
        Placement.round_id == match_round.id, Placement.pinned.is_(True),
        Placement.status.in_((PlacementStatus.PROPOSED, PlacementStatus.OFFERED, PlacementStatus.ACCEPTED))))
    rows.fixed = sorted(set(fixed))
    rows.pins = sorted({tuple(row) for row in pinned} - set(rows.fixed))
    if rows.fixed or taken:
        _set_aside(rows, taken or {})
    if left_out:
        gone = set(left_out)
        rows.students = [p for p in rows.students if p.id not in gone]
        rows.pins = [pair for pair in rows.pins if pair[0] not in gone]
    return rows


def _set_aside(rows: RoundRows, taken: dict[int, int]) -> None:
    """Keep fixed placements out of the engine: their students are left out, their places (and ``taken``,
    places held by other rounds) come off the slots' capacity; a slot with no place left is left out."""
    fixed_students = {student_id for student_id, _ in rows.fixed}
    used = dict(taken)
    for _, slot_id in rows.fixed:
        used[slot_id] = used.get(slot_id, 0) + 1
    rows.students = [p for p in rows.students if p.id not in fixed_students]
    rows.slots = [s for s in rows.slots if s.capacity - used.get(s.id, 0) > 0]
    rows.capacity_taken = {s.id: used[s.id] for s in rows.slots if used.get(s.id)}
    rows.fixed = []


@dataclass(frozen=True)
class Interest:
    """A sector of interest as loaded in bulk (the attributes ``engine_student`` reads)."""

    sector_code: str
    rank: int


@dataclass(frozen=True)
class Availability:
    """A weekly availability interval as loaded in bulk."""

    day: int
    start_minute: int
    end_minute: int


@dataclass
class ProfileRow:
    """A student profile read in bulk without ORM objects: what the engine and readiness need.

    It has the attributes of ``StudentProfile`` that ``engine_student`` and ``profile_gaps`` read, so a
    10,000-student round loads in three plain queries; ``tests/services/test_round_rows.py`` ties it to the
    ORM class (same columns, same engine student, same gaps).
    """

    id: int
    school_id: int
    first_name: str
    last_name: str
    grade: int
    date_of_birth: date | None
    home_lat: float | None
    home_lon: float | None
    travel_mode: object
    max_km: float | None
    max_minutes: int | None
    certifications: list
    pathway_code: str | None = None
    school_name: str = ""
    interests: list = field(default_factory=list)
    availability: list = field(default_factory=list)
    school = None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PROFILE_COLUMNS = ("id", "school_id", "first_name", "last_name", "grade", "date_of_birth", "home_lat", "home_lon",
                   "travel_mode", "max_km", "max_minutes", "certifications", "pathway_code")


def profile_rows(session: Session, match_round: MatchRound) -> list[ProfileRow]:
    """The profiles of the round's members, with interests and availability, by id.

    Withdrawn students are not members: they take part in no solve and count in no readiness figure.
    """
    where = (members_clause(match_round),)
    columns = [getattr(StudentProfile, name) for name in PROFILE_COLUMNS]
    profiles = {row[0]: ProfileRow(*row, school_name=name) for *row, name in session.execute(
        sa.select(*columns, School.name).join(School, School.id == StudentProfile.school_id)
        .where(*where).order_by(StudentProfile.id))}
    ids = sa.select(StudentProfile.id).where(*where)
    for student_id, code, rank in session.execute(
            sa.select(StudentSectorInterest.student_id, StudentSectorInterest.sector_code, StudentSectorInterest.rank)
            .where(StudentSectorInterest.student_id.in_(ids))
            .order_by(StudentSectorInterest.student_id, StudentSectorInterest.rank)):
        profiles[student_id].interests.append(Interest(code, rank))
    for student_id, day, start, end in session.execute(
            sa.select(StudentAvailability.student_id, StudentAvailability.day, StudentAvailability.start_minute,
                      StudentAvailability.end_minute).where(StudentAvailability.student_id.in_(ids))
            .order_by(StudentAvailability.student_id, StudentAvailability.day, StudentAvailability.start_minute)):
        profiles[student_id].availability.append(Availability(day, start, end))
    return list(profiles.values())


def _load_ranks(session: Session, rows: RoundRows) -> None:
    round_id = rows.match_round.id
    for student_id, slot_id in session.execute(
            sa.select(Preference.student_id, Preference.slot_id).where(Preference.round_id == round_id)
            .order_by(Preference.student_id, Preference.rank)):
        rows.preferences.setdefault(student_id, []).append(slot_id)
    if rows.match_round.employers_rank:
        for slot_id, student_id in session.execute(
                sa.select(EmployerRanking.slot_id, EmployerRanking.student_id)
                .where(EmployerRanking.round_id == round_id)
                .order_by(EmployerRanking.slot_id, EmployerRanking.rank)):
            rows.rankings.setdefault(slot_id, []).append(student_id)


def round_file_for(session: Session, match_round: MatchRound, **extra) -> tuple[dict, Round]:
    """The round's ``wbl-match-round/1`` document and the validated engine ``Round`` read back from it.

    Raises ``wbl_match.matching.RoundFileError`` when the round cannot be given to the engine (e.g. a
    pin that breaks a rule). ``extra`` is passed to ``load_round_rows``.
    """
    rows = load_round_rows(session, match_round, **extra)
    document = round_document(rows, engine_round(rows))
    return document, load_round(document)
