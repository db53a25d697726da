"""The only translator between rows and the matching engine, both ways; it loads nothing itself.

Rows (ORM objects, or the plain rows ``services.rounds.round_rows`` loads in bulk) become
``wbl_match.matching`` dataclasses; an engine ``Result`` becomes ``Placement`` column values. Students and
slots appear in the engine only under opaque ids (``s-<profile id>``, ``j-<slot id>``): names, e-mails and
demographics never leave the database. Loading a round's rows is ``services.rounds.round_rows``; whether a
profile is complete is ``domain.profiles``.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from wbl_match.matching import (
    Interval, Pair, Point, Policy, Result, Round, Slot as EngineSlot, Student as EngineStudent, Travel,
)
from wbl_match.matching.work_hours import read_policy_fields
from wbl_match.models import MatchRound, Mechanism, PlacementStatus, Slot, StudentProfile

if TYPE_CHECKING:
    from wbl_match.services.rounds.round_rows import RoundRows
    from wbl_match.services.work_limits import RoundWork
from wbl_match.domain.birth_dates import age_on
from wbl_match.domain.certifications import matching_names
from wbl_match.localisation import local_today

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


def engine_policy(match_round: MatchRound, work: RoundWork | None = None) -> Policy:
    """The engine policy of a round: mechanism, sector rule, only-ranked, pathway rule, and with ``work``
    (``services.work_limits.round_work``) the term, the limits for minors and the programme's weekly cap."""
    limits = {} if work is None else read_policy_fields(
        {"term": work.term, "work_limits": None if work.bands is None else list(work.bands),
         "max_week_hours": work.max_week_hours})
    return Policy(mechanism=match_round.mechanism.value, sector_rule=match_round.sector_rule.value,
                  only_ranked=bool(match_round.only_ranked), pathway_rule=match_round.pathway_rule or "off",
                  **limits)


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
        age=age_on(profile.date_of_birth, on or local_today()), travel=travel,
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


def engine_round(rows: RoundRows) -> Round:
    """Build the engine ``Round`` from loaded rows (not yet validated; see ``round_rows.round_file_for``).

    Preferences and rankings that name a student or slot outside the round are dropped. Under the
    stable mechanism every student and slot gets a (possibly empty) ranked list, as the engine needs.
    Placements a solve keeps (accepted, offered) were set aside by ``load_round_rows``: their students are
    not in the round and their places are off the slots' capacity (``capacity_taken``).
    """
    match_round = rows.match_round
    stable = match_round.mechanism is Mechanism.STABLE
    student_ids = {p.id for p in rows.students}
    slot_ids = {s.id for s in rows.slots}
    on = match_round.term_start or local_today()

    def ranked(ids, known, key):
        kept = tuple(key(i) for i in ids if i in known)
        return kept if kept or stable else None

    students = tuple(engine_student(p, on=on, school_code=rows.school_codes.get(p.school_id),
                                    preferences=ranked(rows.preferences.get(p.id, ()), slot_ids, slot_key))
                     for p in rows.students)
    slots = tuple(_with_capacity(engine_slot(s, ranking=ranked(rows.rankings.get(s.id, ()), student_ids,
                                                               student_key)), rows.capacity_taken.get(s.id, 0))
                  for s in rows.slots)
    pairs = [(a, b) for a, b in rows.pins if a in student_ids and b in slot_ids]
    excluded = [(a, b) for a, b in rows.exclusions if a in student_ids and b in slot_ids]
    return Round(students=students, slots=slots, policy=engine_policy(match_round, rows.work), name=match_round.name,
                 pins=tuple(Pair(student_key(a), slot_key(b)) for a, b in pairs),
                 exclusions=tuple(Pair(student_key(a), slot_key(b)) for a, b in excluded))


def round_document(rows: RoundRows, round_: Round) -> dict:
    """The ``wbl-match-round/1`` document of a round built from ``rows``, with the project's own fields.

    ``policy.work_limits_version`` (not read by the engine) names the version of the consortium's limits
    for minors that the round applied.
    """
    document = round_.to_dict()
    if rows.work is not None and rows.work.version is not None:
        document["policy"]["work_limits_version"] = rows.work.version
    return document


def _with_capacity(slot: EngineSlot, taken: int) -> EngineSlot:
    return replace(slot, capacity=slot.capacity - taken) if taken else slot


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

