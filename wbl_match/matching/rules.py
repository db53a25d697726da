"""The feasibility rules of the spec, one pair at a time, in plain Python.

This is the reference statement of the rules. The vectorised code in
``feasibility.py`` must agree with it; ``check_validity`` and the pin check use
it directly, so a bug in the fast path cannot pass unnoticed.
"""

from functools import lru_cache

from .instance import Interval, Policy, Slot, Student, WorkBand
from .travel import haversine_km, limit_km

#: Reason codes of the rules, in the order the spec lists them.
RULE_CODES = ("no_sector_match", "too_far", "schedule_conflict", "ineligible", "work_hours",
              "no_pathway_match", "excluded", "not_ranked")

#: Distances within this many km (1 mm) of the limit count as within it, so that
#: last-bit differences between numpy's and Python's trigonometry cannot make
#: the fast path and this reference disagree on a pair at the limit.
DISTANCE_TOLERANCE_KM = 1e-6


def merge_intervals(intervals: tuple[Interval, ...]) -> dict[int, list[tuple[int, int]]]:
    """Merge overlapping or touching intervals, per day: ``{day: [(start, end), ...]}``."""
    merged: dict[int, list[tuple[int, int]]] = {}
    for iv in sorted(intervals, key=lambda iv: (iv.day, iv.start, iv.end)):
        day = merged.setdefault(iv.day, [])
        if day and iv.start <= day[-1][1]:
            day[-1] = (day[-1][0], max(day[-1][1], iv.end))
        else:
            day.append((iv.start, iv.end))
    return merged


def schedule_fits(schedule: tuple[Interval, ...], availability: tuple[Interval, ...] | None) -> bool:
    """True when every schedule interval lies inside one merged availability interval."""
    if availability is None or not schedule:
        return True
    merged = _merged(availability)
    return all(any(s <= iv.start and iv.end <= e for s, e in merged.get(iv.day, ())) for iv in schedule)


@lru_cache(maxsize=4096)
def _merged(availability: tuple[Interval, ...]) -> dict[int, list[tuple[int, int]]]:
    """``merge_intervals`` remembered per weekly pattern (patterns repeat across students); read-only."""
    return merge_intervals(availability)


def distance_km(student: Student, slot: Slot) -> float | None:
    """Home-to-site distance in km, or ``None`` for a remote slot or missing places."""
    if slot.remote or slot.site is None or student.home is None:
        return None
    return haversine_km(student.home.lat, student.home.lon, slot.site.lat, slot.site.lon)


def student_limit_km(student: Student) -> float:
    """The student's effective straight-line limit in km (``inf`` when none)."""
    t = student.travel
    return limit_km(t.max_km, t.mode, t.max_minutes)


def sector_ok(student: Student, slot: Slot, policy: Policy) -> bool:
    """Rule 1: under ``required`` the slot's sector is one of the student's."""
    return policy.sector_rule != "required" or slot.sector in (student.sectors or ())


#: Marks "distance not computed yet" (``None`` already means "no distance": remote or no place).
_UNKNOWN = object()


def distance_ok(student: Student, slot: Slot, km=_UNKNOWN) -> bool:
    """Rule 2: the site is within the student's travel limit (remote always is).

    ``km``: the pair's ``distance_km`` when the caller has it already.
    """
    if slot.remote:
        return True
    limit = student_limit_km(student)
    if limit == float("inf"):
        return True
    d = distance_km(student, slot) if km is _UNKNOWN else km
    return d is not None and d <= limit + DISTANCE_TOLERANCE_KM


def eligible(student: Student, slot: Slot) -> bool:
    """Rule 4: grade, age and required certifications."""
    if slot.min_grade is not None and (student.grade is None or student.grade < slot.min_grade):
        return False
    if slot.min_age is not None and (student.age is None or student.age < slot.min_age):
        return False
    return not slot.requires or set(slot.requires) <= set(student.certifications)


def ranked(student: Student, slot: Slot, policy: Policy) -> bool:
    """Rule 6, and the mutual-ranking condition of the stable mechanism."""
    if policy.mechanism == "stable":
        return slot.id in (student.preferences or ()) and student.id in (slot.ranking or ())
    return not policy.only_ranked or slot.id in (student.preferences or ())


def work_hours_ok(student: Student, slot: Slot, policy: Policy) -> bool:
    """Rule 7: the slot's merged schedule keeps within the programme's cap and the student's age band."""
    if (policy.work_limits is None and policy.max_week_hours is None) or not slot.schedule:
        return True
    merged = merge_intervals(slot.schedule)
    day_minutes = {day: sum(e - s for s, e in runs) for day, runs in merged.items()}
    week = sum(day_minutes.values())
    if policy.max_week_hours is not None and week > policy.max_week_hours * 60:
        return False
    band = band_of(student, policy)
    if band is None:
        return True
    week_limit = band.school_week_hours if policy.term == "school" else band.vacation_week_hours
    if week_limit is not None and week > week_limit * 60:
        return False
    for day, runs in merged.items():
        limit = band.school_day_hours if is_school_day(day, policy) else band.other_day_hours
        if limit is not None and day_minutes[day] > limit * 60:
            return False
        latest = latest_end(band, day, policy)
        for start, end in runs:
            if (band.earliest is not None and start < band.earliest) or (latest is not None and end > latest):
                return False
    return True


def band_of(student: Student, policy: Policy) -> WorkBand | None:
    """The student's band: the first, in order of ``max_age``, with age ≤ ``max_age``.

    A student without an age gets the youngest band; one older than every band gets none.
    """
    bands = sorted(policy.work_limits or (), key=lambda b: b.max_age)
    if not bands:
        return None
    if student.age is None:
        return bands[0]
    return next((b for b in bands if student.age <= b.max_age), None)


def is_school_day(day: int, policy: Policy) -> bool:
    """Monday (0) to Friday (4) in a ``school`` term; no day in a ``vacation`` term."""
    return policy.term == "school" and day < 5


def latest_end(band: WorkBand, day: int, policy: Policy) -> int | None:
    """The band's end limit on ``day``: ``latest_before_other_day`` when the next day has no school."""
    if band.latest_before_other_day is not None and not is_school_day((day + 1) % 7, policy):
        return band.latest_before_other_day
    return band.latest


def pathway_ok(student: Student, slot: Slot, policy: Policy) -> bool:
    """Rule 8: under ``required`` a slot that lists pathways takes only students of one of them."""
    return policy.pathway_rule != "required" or not slot.pathways or student.pathway in slot.pathways


def pair_failures(student: Student, slot: Slot, policy: Policy, excluded: bool = False,
                  km=_UNKNOWN) -> list[str]:
    """Return the reason codes of every rule the pair breaks (empty list: feasible).

    ``km``: the pair's ``distance_km`` when the caller has it already.
    """
    checks = (
        sector_ok(student, slot, policy),
        distance_ok(student, slot, km),
        schedule_fits(slot.schedule, student.availability),
        eligible(student, slot),
        work_hours_ok(student, slot, policy),
        pathway_ok(student, slot, policy),
        not excluded,
        ranked(student, slot, policy),
    )
    return [code for code, ok in zip(RULE_CODES, checks) if not ok]
