"""Rule 7, work hours: reading the limits, the vectorised test, and the limit a slot breaks.

The rule depends only on the slot's schedule and on the student's age band, so the fast path is a table
``ok[distinct schedule, band]`` (the last column: a student older than every band) computed with numpy
from each schedule's per-day totals, first starts and last ends, and looked up per pair. The plain
statement, one pair at a time, is ``rules.work_hours_ok``; ``breach`` names the first limit a pair breaks,
for explanations and what-ifs.
"""

from dataclasses import dataclass

import numpy as np

from . import fields as f
from .constants import DAY_NAMES, TERMS
from .errors import RoundFileError
from .instance import Policy, Slot, Student, WorkBand, format_time
from .rules import band_of, is_school_day, latest_end, merge_intervals

_HOURS = ("school_day_hours", "other_day_hours", "school_week_hours", "vacation_week_hours")
_TIMES = ("earliest", "latest", "latest_before_other_day")


# --- reading ---------------------------------------------------------------------------------------


def read_policy_fields(value: dict) -> dict:
    """The rule-7 fields of a ``policy`` object, validated: ``term``, ``work_limits``, ``max_week_hours``."""
    week = value.get("max_week_hours")
    limits = value.get("work_limits")
    return {
        "term": f.as_choice(value.get("term", "school"), "policy.term", TERMS),
        "work_limits": None if limits is None else _bands(limits, "policy.work_limits"),
        "max_week_hours": None if week is None else f.as_positive(week, "policy.max_week_hours"),
    }


def _bands(value, path: str) -> tuple[WorkBand, ...]:
    return tuple(_band(x, f"{path}[{i}]") for i, x in enumerate(f.as_array(value, path)))


def _band(value, path: str) -> WorkBand:
    obj = f.as_object(value, path)
    hours = {key: _hours(obj.get(key), f"{path}.{key}") for key in _HOURS}
    times = {key: _time(obj.get(key), f"{path}.{key}") for key in _TIMES}
    band = WorkBand(max_age=f.as_int(f.get(obj, "max_age", path, True), f"{path}.max_age", 0, 150),
                    **hours, **times)
    if band.earliest is not None and band.earliest == 1440:
        raise RoundFileError(f"{path}.earliest", "must be before 24:00")
    return band


def _hours(value, path: str) -> float | None:
    if value is None:
        return None
    number = f.as_number(value, path, 0, 168)
    return int(number) if number.is_integer() else number


def _time(value, path: str) -> int | None:
    return None if value is None else f.as_time(value, path)


# --- the vectorised rule ---------------------------------------------------------------------------


def active(policy: Policy) -> bool:
    """True when rule 7 applies to the round at all."""
    return policy.work_limits is not None or policy.max_week_hours is not None


@dataclass(frozen=True)
class HoursTable:
    """``ok[schedule_of[j], band_of_student[s]]``: rule 7 for each pair by lookup."""

    schedule_of: np.ndarray
    band_of_student: np.ndarray
    ok: np.ndarray

    def allows(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Rule 7 for each pair."""
        return self.ok[self.schedule_of.take(j), self.band_of_student.take(s)]


def allows(c, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 7 for each (student, slot) index pair of the compiled round ``c``."""
    if not active(c.round.policy):
        return np.ones(len(s), dtype=bool)
    table = c.memo.get("work_hours")
    if table is None:
        table = c.memo["work_hours"] = build_table(c.students, c.slots, c.round.policy)
    return table.allows(s, j)


def build_table(students, slots, policy: Policy) -> HoursTable:
    """The table of a round's students and slots (in the compiled, id-sorted order)."""
    bands = sorted(policy.work_limits or (), key=lambda b: b.max_age)
    ages = np.array([0 if s.age is None else s.age for s in students], dtype=np.int64)
    max_ages = np.array([b.max_age for b in bands], dtype=np.int64)
    band = np.searchsorted(max_ages, ages, side="left")  # first band with age <= max_age
    # No age: the youngest band (or, with no bands, the column of the programme's cap alone).
    band[np.array([s.age is None for s in students], dtype=bool)] = 0
    ids: dict = {}
    schedule_of = np.array([ids.setdefault(slot.schedule, len(ids)) for slot in slots], dtype=np.int64)
    minutes, first, last = _week_profiles(list(ids))
    ok = np.stack([_band_ok(minutes, first, last, b, policy) for b in bands]
                  + [_week_ok(minutes, policy.max_week_hours)], axis=1).reshape(len(ids), len(bands) + 1)
    return HoursTable(schedule_of.reshape(len(slots)), band.reshape(len(students)), ok)


def _week_profiles(schedules: list):
    """Per schedule and day: merged minutes, first start and last end (no interval: 0, +inf, -inf)."""
    n = len(schedules)
    minutes = np.zeros((n, 7), dtype=np.int64)
    first = np.full((n, 7), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full((n, 7), np.iinfo(np.int64).min, dtype=np.int64)
    for row, schedule in enumerate(schedules):
        for day, runs in merge_intervals(schedule).items():
            minutes[row, day] = sum(e - s for s, e in runs)
            first[row, day], last[row, day] = runs[0][0], runs[-1][1]
    return minutes, first, last


def _week_ok(minutes: np.ndarray, cap: float | None) -> np.ndarray:
    week = minutes.sum(axis=1)
    no_schedule = week == 0  # a slot with flexible hours meets every limit
    return no_schedule | (True if cap is None else week <= cap * 60)


def _band_ok(minutes, first, last, band: WorkBand, policy: Policy) -> np.ndarray:
    ok = _week_ok(minutes, policy.max_week_hours)
    week_limit = band.school_week_hours if policy.term == "school" else band.vacation_week_hours
    if week_limit is not None:
        ok = ok & ((minutes.sum(axis=1) <= week_limit * 60) | (minutes.sum(axis=1) == 0))
    for day in range(7):
        limit = band.school_day_hours if is_school_day(day, policy) else band.other_day_hours
        worked = minutes[:, day] > 0
        if limit is not None:
            ok = ok & ~(worked & (minutes[:, day] > limit * 60))
        if band.earliest is not None:
            ok = ok & ~(worked & (first[:, day] < band.earliest))
        latest = latest_end(band, day, policy)
        if latest is not None:
            ok = ok & ~(worked & (last[:, day] > latest))
    return ok


# --- the limit a pair breaks -----------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """The first limit of rule 7 a slot breaks for a student, with its figures.

    ``limit``: ``max_week_hours``, ``school_week_hours``, ``vacation_week_hours``, ``school_day_hours``,
    ``other_day_hours``, ``earliest``, ``latest`` or ``latest_before_other_day``; ``day`` is None for the
    week's limits; ``actual`` and ``allowed`` are minutes (of work, or after midnight for times).
    """

    limit: str
    day: int | None
    actual: int
    allowed: float
    band: WorkBand | None

    def to_dict(self) -> dict:
        """The breach as JSON-ready details for a what-if."""
        out: dict = {"limit": self.limit}
        if self.day is not None:
            out["day"] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[self.day]
        if self.limit in _TIMES:
            out.update(actual=format_time(self.actual), allowed=format_time(int(self.allowed)))
        else:
            out.update(hours=self.actual / 60, allowed_hours=self.allowed / 60)
        return out


def breach(student: Student, slot: Slot, policy: Policy) -> Breach | None:
    """The first limit the pair breaks, in order: programme cap, week, then day by day; None if none."""
    if not active(policy) or not slot.schedule:
        return None
    merged = merge_intervals(slot.schedule)
    day_minutes = {day: sum(e - s for s, e in runs) for day, runs in merged.items()}
    week = sum(day_minutes.values())
    if policy.max_week_hours is not None and week > policy.max_week_hours * 60:
        return Breach("max_week_hours", None, week, policy.max_week_hours * 60, None)
    band = band_of(student, policy)
    if band is None:
        return None
    week_key = "school_week_hours" if policy.term == "school" else "vacation_week_hours"
    week_limit = getattr(band, week_key)
    if week_limit is not None and week > week_limit * 60:
        return Breach(week_key, None, week, week_limit * 60, band)
    for day, runs in sorted(merged.items()):
        found = _day_breach(band, day, runs, day_minutes[day], policy)
        if found:
            return found
    return None


def _day_breach(band: WorkBand, day: int, runs, minutes: int, policy: Policy) -> Breach | None:
    key = "school_day_hours" if is_school_day(day, policy) else "other_day_hours"
    limit = getattr(band, key)
    if limit is not None and minutes > limit * 60:
        return Breach(key, day, minutes, limit * 60, band)
    if band.earliest is not None and runs[0][0] < band.earliest:
        return Breach("earliest", day, runs[0][0], band.earliest, band)
    latest = latest_end(band, day, policy)
    if latest is not None and runs[-1][1] > latest:
        key = "latest" if latest == band.latest else "latest_before_other_day"
        return Breach(key, day, runs[-1][1], latest, band)
    return None


def breach_phrase(student: Student, found: Breach) -> str:
    """The breach in words: ``4 hours on Tuesday; a 15-year-old may work 3 on a school day``.

    It follows "asks for": ``20 hours a week``, ``work until 20:00 on Tuesday; … must stop by 19:00``.
    """
    who = _who(student, found.band)
    on = f" on {DAY_NAMES[found.day]}" if found.day is not None else ""
    allowed = _number(found.allowed / 60)
    if found.limit == "max_week_hours":
        return f"{hours_phrase(found.actual)} a week; the programme allows {allowed}"
    if found.limit in ("school_week_hours", "vacation_week_hours"):
        week = "school week" if found.limit == "school_week_hours" else "vacation week"
        return f"{hours_phrase(found.actual)} a week; {who} may work {allowed} in a {week}"
    if found.limit in ("school_day_hours", "other_day_hours"):
        kind = "a school day" if found.limit == "school_day_hours" else "a day without school"
        return f"{hours_phrase(found.actual)}{on}; {who} may work {allowed} on {kind}"
    if found.limit == "earliest":
        return f"work from {format_time(found.actual)}{on}; {who} may not start before {format_time(int(found.allowed))}"
    before = " before a day without school" if found.limit == "latest_before_other_day" else ""
    return f"work until {format_time(found.actual)}{on}; {who} must stop by {format_time(int(found.allowed))}{before}"


def _who(student: Student, band: WorkBand | None) -> str:
    if student.age is not None:
        return f"a {student.age}-year-old"
    top = f" (counted as {band.max_age} or younger)" if band is not None else ""
    return f"a student whose age is not on record{top}"


def hours_phrase(minutes: int) -> str:
    """``1 hour``, ``4 hours``, ``3.5 hours``, ``3 hours 20 minutes``."""
    if minutes % 60 == 0:
        return "1 hour" if minutes == 60 else f"{minutes // 60} hours"
    if minutes % 6 == 0:
        return f"{minutes / 60:g} hours"
    h, m = divmod(minutes, 60)
    return f"{h} hour{'s' if h != 1 else ''} {m} minutes" if h else f"{m} minutes"


def _number(hours: float) -> str:
    return f"{round(hours, 2):g}"


def breach_summary(found: Breach) -> str:
    """The breach without the person: ``4 hours on Tuesday``, ``20 hours a week``, ``ends at 20:00 on Friday``."""
    on = f" on {DAY_NAMES[found.day]}" if found.day is not None else ""
    if found.limit in ("max_week_hours", "school_week_hours", "vacation_week_hours"):
        return f"{hours_phrase(found.actual)} a week"
    if found.limit in ("school_day_hours", "other_day_hours"):
        return f"{hours_phrase(found.actual)}{on}"
    if found.limit == "earliest":
        return f"starts at {format_time(found.actual)}{on}"
    return f"ends at {format_time(found.actual)}{on}"


def band_breaches(schedule, policy: Policy) -> list[tuple[WorkBand, Breach | None]]:
    """For a schedule (intervals), each band of the policy in order of age with the first limit it breaks."""
    slot = Slot(id="shift", capacity=1, schedule=tuple(schedule))
    return [(band, breach(Student(id="band", age=band.max_age), slot, policy))
            for band in sorted(policy.work_limits or (), key=lambda b: b.max_age)]
