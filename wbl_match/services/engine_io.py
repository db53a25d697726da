"""The only translator between database rows and the matching engine.

ORM rows become ``wbl_match.matching`` dataclasses and a ``wbl-match-round/1`` document; an engine
``Result`` becomes ``Placement`` rows. Students and slots appear in the engine only under opaque ids
(``s-<profile id>``, ``j-<slot id>``): names, e-mails and demographics never leave the database.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.matching import (
    Interval, Pair, Point, Policy, Result, Round, Slot as EngineSlot, Student as EngineStudent, Travel,
    load_round,
)
from wbl_match.matching.work_hours import read_policy_fields
from wbl_match.models import (
    EmployerRanking, MatchRound, Mechanism, Placement, PlacementStatus, Preference, RoundExclusion, School,
    SectorRule, Slot, SlotStatus, StudentAvailability, StudentProfile, StudentSectorInterest, round_schools,
    round_slots,
)
from wbl_match.services.certifications import matching_names
from wbl_match.services.work_limits import RoundWork, round_work

#: The engine has no "24:00": an interval ending at midnight ends at 23:59 in a round file.
LAST_MINUTE = 23 * 60 + 59


def student_key(profile_id: int) -> str:
    """The opaque engine id of a student profile, e.g. ``s-42``."""
    return f"s-{profile_id}"


def slot_key(slot_id: int) -> str:
    """The opaque engine id of a slot, e.g. ``j-7``."""
    return f"j-{slot_id}"


def profile_id_of(key: str) -> int:
    """The student profile id behind an engine id made by ``student_key``."""
    return int(key.removeprefix("s-"))


def slot_id_of(key: str) -> int:
    """The slot id behind an engine id made by ``slot_key``."""
    return int(key.removeprefix("j-"))


def age_on(date_of_birth: date | None, on: date) -> int | None:
    """Age in whole years on ``on``; None when the date of birth is unknown."""
    if date_of_birth is None:
        return None
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - before_birthday


def engine_policy(match_round: MatchRound, work: RoundWork | None = None) -> Policy:
    """The engine policy of a round: mechanism, sector rule, only-ranked, pathway rule, and with ``work``
    (``services.work_limits.round_work``) the term, the limits for minors and the programme's weekly cap."""
    limits = {} if work is None else read_policy_fields(
        {"term": work.term, "work_limits": None if work.bands is None else list(work.bands),
         "max_week_hours": work.max_week_hours})
    return Policy(mechanism=match_round.mechanism.value, sector_rule=match_round.sector_rule.value,
                  only_ranked=bool(match_round.only_ranked), pathway_rule=match_round.pathway_rule or "off",
                  **limits)


def round_policy(session: Session, match_round: MatchRound) -> Policy:
    """The engine policy of a round with the work-hour limits it applies now."""
    return engine_policy(match_round, round_work(session, match_round))


def engine_student(profile: StudentProfile, *, on: date | None = None, school_code: str | None = None,
                   preferences: tuple[str, ...] | None = None) -> EngineStudent:
    """Turn a student profile into an engine ``Student``.

    ``on`` is the day the age is taken (a round's term start; today when absent). ``school_code`` is
    the school's CDS code; when not given, the loaded ``profile.school`` is used. ``preferences`` are the
    student's ranked slot keys in a round (``slot_key``), first = most wanted. A profile without
    availability rows is given as "never free" (an empty tuple), never as "free at any time".
    """
    if school_code is None and profile.school is not None:
        school_code = profile.school.cds_code
    home = Point(profile.home_lat, profile.home_lon) if profile.home_lat is not None \
        and profile.home_lon is not None else None
    mode = profile.travel_mode.value if profile.travel_mode is not None else None
    travel = Travel(max_km=profile.max_km, mode=mode,
                    max_minutes=float(profile.max_minutes) if mode and profile.max_minutes else None)
    return EngineStudent(
        id=student_key(profile.id), home=home, school=school_code, grade=profile.grade,
        age=age_on(profile.date_of_birth, on or date.today()), travel=travel,
        sectors=tuple(i.sector_code for i in sorted(profile.interests, key=lambda i: i.rank)),
        availability=tuple(_interval(a.day, a.start_minute, a.end_minute) for a in profile.availability),
        certifications=matching_names(profile.certifications), preferences=preferences,
        pathway=profile.pathway_code or None)


def engine_slot(slot: Slot, *, ranking: tuple[str, ...] | None = None) -> EngineSlot:
    """Turn a slot into an engine ``Slot``; ``ranking`` holds the employer's ranked student keys."""
    site = Point(slot.site_lat, slot.site_lon) if slot.site_lat is not None and slot.site_lon is not None \
        else None
    return EngineSlot(
        id=slot_key(slot.id), capacity=slot.capacity, sector=slot.sector_code, employer=f"e-{slot.employer_id}",
        site=None if slot.is_remote else site, remote=bool(slot.is_remote),
        schedule=tuple(_interval(s.day, s.start_minute, s.end_minute) for s in slot.shifts),
        min_grade=slot.min_grade, min_age=slot.min_age,
        requires=matching_names(slot.required_certifications), ranking=ranking, pathways=slot_pathways(slot))


def slot_pathways(slot: Slot) -> tuple[str, ...]:
    """The pathways a slot is meant for: its pathway, then the others it lists (none: any pathway)."""
    codes = ([slot.pathway_code] if slot.pathway_code else []) + list(slot.extra_pathway_codes or ())
    return tuple(dict.fromkeys(codes))


def _interval(day: int, start: int, end: int) -> Interval:
    return Interval(day=day, start=start, end=min(end, LAST_MINUTE))


def profile_gaps(profile: StudentProfile, sector_rule: SectorRule = SectorRule.REQUIRED) -> list[str]:
    """What a profile lacks before it can take part in a round (empty when complete)."""
    gaps = []
    if profile.home_lat is None or profile.home_lon is None:
        gaps.append("home location")
    if sector_rule is SectorRule.REQUIRED and not profile.interests:
        gaps.append("sectors of interest")
    if not profile.availability:
        gaps.append("weekly availability")
    return gaps


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
    #: Placements a re-match keeps as they are (accepted and offered), as ``(profile id, slot id)``.
    fixed: list[tuple[int, int]] = field(default_factory=list)
    #: Places already taken outside the engine, by slot id (stable re-matches).
    capacity_taken: dict[int, int] = field(default_factory=dict)
    #: The work-hour limits the round applies (``services.work_limits.round_work``).
    work: RoundWork | None = None


def load_round_rows(session: Session, match_round: MatchRound, *, fixed=(), extra_exclusions=()) -> RoundRows:
    """Load everything a round's solve needs: complete profiles of its schools, its open slots, ranks.

    Incomplete profiles are returned apart, with what each lacks. Pins are the round's pinned, active
    placements; ``fixed`` are placements a re-match keeps; exclusions are the round's exclusions plus
    ``extra_exclusions`` (all as ``(profile id, slot id)``).
    """
    complete, incomplete = [], []
    for profile in profile_rows(session, match_round):
        gaps = profile_gaps(profile, match_round.sector_rule)
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
    return rows


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
    10,000-student round loads in three plain queries.
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
    """The profiles of the round's schools, with interests and availability, by id.

    Withdrawn students are left out: they take part in no solve and count in no readiness figure.
    """
    school_ids = sa.select(round_schools.c.school_id).where(round_schools.c.round_id == match_round.id)
    where = (StudentProfile.consortium_id == match_round.consortium_id, StudentProfile.school_id.in_(school_ids),
             StudentProfile.withdrawn_at.is_(None))
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


def engine_round(rows: RoundRows) -> Round:
    """Build the engine ``Round`` from loaded rows (not yet validated; see ``round_file_for``).

    Preferences and rankings that name a student or slot outside the round are dropped. Under the
    stable mechanism every student and slot gets a (possibly empty) ranked list, as the engine needs.
    Fixed placements become pins; the stable mechanism allows no pins, so there the fixed students are
    left out and their places taken off the slots' capacity instead.
    """
    match_round = rows.match_round
    stable = match_round.mechanism is Mechanism.STABLE
    if stable and rows.fixed:
        rows = _without_fixed(rows)
    student_ids = {p.id for p in rows.students}
    slot_ids = {s.id for s in rows.slots}
    on = match_round.term_start or date.today()

    def ranked(ids, known, key):
        kept = tuple(key(i) for i in ids if i in known)
        return kept if kept or stable else None

    students = tuple(engine_student(p, on=on, school_code=rows.school_codes.get(p.school_id),
                                    preferences=ranked(rows.preferences.get(p.id, ()), slot_ids, slot_key))
                     for p in rows.students)
    slots = tuple(_with_capacity(engine_slot(s, ranking=ranked(rows.rankings.get(s.id, ()), student_ids,
                                                               student_key)), rows.capacity_taken.get(s.id, 0))
                  for s in rows.slots)
    pinned = rows.pins if stable else sorted(set(rows.pins) | set(rows.fixed))
    pairs = [(a, b) for a, b in pinned if a in student_ids and b in slot_ids]
    excluded = [(a, b) for a, b in rows.exclusions if a in student_ids and b in slot_ids]
    return Round(students=students, slots=slots, policy=engine_policy(match_round, rows.work), name=match_round.name,
                 pins=tuple(Pair(student_key(a), slot_key(b)) for a, b in pairs),
                 exclusions=tuple(Pair(student_key(a), slot_key(b)) for a, b in excluded))


def _without_fixed(rows: RoundRows) -> RoundRows:
    fixed_students = {a for a, _ in rows.fixed}
    taken: dict[int, int] = {}
    for _, slot_id in rows.fixed:
        taken[slot_id] = taken.get(slot_id, 0) + 1
    slots = [s for s in rows.slots if s.capacity - taken.get(s.id, 0) > 0]
    return replace(rows, students=[p for p in rows.students if p.id not in fixed_students], slots=slots,
                   fixed=[], capacity_taken=taken)


def _with_capacity(slot: EngineSlot, taken: int) -> EngineSlot:
    return replace(slot, capacity=slot.capacity - taken) if taken else slot


def round_file_for(session: Session, match_round: MatchRound, **extra) -> tuple[dict, Round]:
    """The round's ``wbl-match-round/1`` document and the validated engine ``Round`` read back from it.

    Raises ``wbl_match.matching.RoundFileError`` when the round cannot be given to the engine (e.g. a
    pin that breaks a rule). ``extra`` is passed to ``load_round_rows``.
    """
    rows = load_round_rows(session, match_round, **extra)
    document = round_document(rows, engine_round(rows))
    return document, load_round(document)


def round_document(rows: RoundRows, round_: Round) -> dict:
    """The ``wbl-match-round/1`` document of a round built from ``rows``, with the project's own fields.

    ``policy.work_limits_version`` (not read by the engine) names the version of the consortium's limits
    for minors that the round applied.
    """
    document = round_.to_dict()
    if rows.work is not None and rows.work.version is not None:
        document["policy"]["work_limits_version"] = rows.work.version
    return document


def placement_rows(result: Result, round_id: int, solve_id: int | None,
                   pinned: set[tuple[int, int]] = frozenset()) -> list[dict]:
    """The engine's placements as ``Placement`` column values (status proposed), ready to insert.

    ``pinned`` holds the ``(profile id, slot id)`` pairs the intermediary pinned; they stay pinned.
    """
    rows = []
    for placement in result.placements:
        student_id, slot_id = profile_id_of(placement.student), slot_id_of(placement.slot)
        rows.append({"round_id": round_id, "student_id": student_id, "slot_id": slot_id, "solve_id": solve_id,
                     "cost": placement.cost, "status": PlacementStatus.PROPOSED,
                     "pinned": (student_id, slot_id) in pinned})
    return rows


def unplaced_by_profile(result_document: dict) -> dict[int, dict]:
    """The result file's unplaced entries keyed by student profile id."""
    return {profile_id_of(u["student"]): u for u in result_document.get("unplaced", [])}

