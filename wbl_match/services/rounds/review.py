"""Reviewing a solved round: the figures, the charts' data, placements and unplaced students."""
from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, School, Slot, SolveRun, SolveStatus, StudentProfile,
)
from wbl_match.matching.travel import haversine_km
from wbl_match.reference import SECTOR_BY_CODE
from wbl_match.services import engine_io, reason_words

#: Upper edges (km) of the travel-distance histogram's bins; the last bin is open.
DISTANCE_BINS = (2, 5, 10, 15, 20, 30)


@dataclass
class GroupRate:
    """Placement rate of one group (a school, a sector)."""

    label: str
    students: int
    placed: int

    @property
    def rate(self) -> float:
        return self.placed / self.students if self.students else 0.0


@dataclass
class Review:
    """Everything the review page shows."""

    solve: SolveRun | None
    students: int = 0
    placed: int = 0
    capacity: int = 0
    ranked_placed: int = 0
    first_choice: int = 0
    first_sector: int = 0
    distances: list[float] = field(default_factory=list)
    by_school: list[GroupRate] = field(default_factory=list)
    by_sector: list[GroupRate] = field(default_factory=list)
    histogram: list[tuple[str, int]] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    distance_of: dict[int, float | None] = field(default_factory=dict)
    #: Where the student ranked their placement's slot (1 = first choice), by placement id; None: not ranked.
    rank_of: dict[int, int | None] = field(default_factory=dict)
    unplaced: list[tuple[StudentProfile, dict]] = field(default_factory=list)
    #: Names of the slots the unplaced students' reasons mention, by engine key (``reason_words``).
    slot_names: dict[str, str] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.placed / self.students if self.students else 0.0

    @property
    def fill(self) -> float:
        return self.placed / self.capacity if self.capacity else 0.0

    @property
    def first_choice_rate(self) -> float | None:
        return self.first_choice / self.ranked_placed if self.ranked_placed else None

    def distance_summary(self) -> dict[str, float] | None:
        """Minimum, median, mean and maximum travel distance of placed students (km)."""
        if not self.distances:
            return None
        return {"min": min(self.distances), "median": statistics.median(self.distances),
                "mean": statistics.fmean(self.distances), "max": max(self.distances)}


def latest_solve(session: Session, round_id: int) -> SolveRun | None:
    """The round's most recent successful solve."""
    return session.scalar(sa.select(SolveRun).where(SolveRun.round_id == round_id,
                                                    SolveRun.status == SolveStatus.SUCCEEDED)
                          .order_by(SolveRun.id.desc()).limit(1))


def active_placements(session: Session, round_id: int) -> list[Placement]:
    """The round's placements that hold a place, with student, school, slot and employer loaded."""
    return list(session.scalars(
        sa.select(Placement).where(Placement.round_id == round_id,
                                   Placement.status.in_(ACTIVE_PLACEMENT_STATUSES))
        .options(selectinload(Placement.student).selectinload(StudentProfile.school),
                 selectinload(Placement.slot).selectinload(Slot.employer))
        .join(StudentProfile, StudentProfile.id == Placement.student_id)
        .order_by(StudentProfile.last_name, StudentProfile.first_name, Placement.id)))


def round_review(session: Session, match_round: MatchRound) -> Review:
    """The review of a round's current placements against its latest solve."""
    solve = latest_solve(session, match_round.id)
    review = Review(solve=solve)
    if solve is None:
        return review
    document, result = solve.round_file or {}, solve.result or {}
    students = {s["id"]: s for s in document.get("students", [])}
    review.students = len(students)
    review.capacity = sum(s["capacity"] for s in document.get("slots", []))
    review.placements = active_placements(session, match_round.id)
    review.placed = len(review.placements)
    _choices(review, students)
    _distances(review)
    _groups(session, review, students, match_round.consortium_id)
    _unplaced(session, review, result)
    return review


def _choices(review: Review, students: dict) -> None:
    for placement in review.placements:
        entry = students.get(engine_io.student_key(placement.student_id), {})
        preferences = entry.get("preferences") or []
        key = engine_io.slot_key(placement.slot_id)
        review.rank_of[placement.id] = preferences.index(key) + 1 if key in preferences else None
        if preferences:
            review.ranked_placed += 1
            review.first_choice += preferences[0] == engine_io.slot_key(placement.slot_id)
        sectors = entry.get("sectors") or []
        review.first_sector += bool(sectors) and sectors[0] == placement.slot.sector_code


def _distances(review: Review) -> None:
    for placement in review.placements:
        student, slot = placement.student, placement.slot
        distance = None
        if not slot.is_remote and None not in (student.home_lat, student.home_lon, slot.site_lat, slot.site_lon):
            distance = haversine_km(student.home_lat, student.home_lon, slot.site_lat, slot.site_lon)
            review.distances.append(distance)
        review.distance_of[placement.id] = distance
    counts = Counter(_bin(d) for d in review.distances)
    edges = (0, *DISTANCE_BINS)
    labels = [f"{lo}–{hi} km" for lo, hi in zip(edges, DISTANCE_BINS)] + [f"{DISTANCE_BINS[-1]}+ km"]
    review.histogram = [(label, counts.get(i, 0)) for i, label in enumerate(labels)]


def _bin(distance: float) -> int:
    for i, edge in enumerate(DISTANCE_BINS):
        if distance < edge:
            return i
    return len(DISTANCE_BINS)


def _groups(session: Session, review: Review, students: dict, consortium_id: int) -> None:
    placed = {engine_io.student_key(p.student_id) for p in review.placements}
    names = dict(session.execute(sa.select(School.cds_code, School.name)
                                 .where(School.consortium_id == consortium_id)).all())
    sectors = {code: sector.name for code, sector in SECTOR_BY_CODE.items()}
    review.by_school = _rates(students, placed, lambda s: names.get(s.get("school"), "Unknown school"))
    review.by_sector = _rates(students, placed,
                              lambda s: sectors.get((s.get("sectors") or [None])[0], "No sector given"))


def _rates(students: dict, placed: set, key) -> list[GroupRate]:
    totals, hits = Counter(), Counter()
    for student_id, entry in students.items():
        label = key(entry)
        totals[label] += 1
        hits[label] += student_id in placed
    return sorted((GroupRate(label, totals[label], hits[label]) for label in totals), key=lambda g: g.label)


def _unplaced(session: Session, review: Review, result: dict) -> None:
    placed_now = {p.student_id for p in review.placements}
    entries = {k: v for k, v in engine_io.unplaced_by_profile(result).items() if k not in placed_now}
    profiles = session.scalars(sa.select(StudentProfile).where(StudentProfile.id.in_(list(entries)))
                               .options(selectinload(StudentProfile.school), selectinload(StudentProfile.interests))
                               .order_by(StudentProfile.last_name, StudentProfile.first_name)).all()
    review.unplaced = [(p, entries[p.id]) for p in profiles]
    review.slot_names = reason_words.slot_names(session, entries.values())
