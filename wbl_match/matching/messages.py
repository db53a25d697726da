"""Plain-words messages for unplaced students (read by 16-year-olds: short, concrete)."""

import math

from .constants import DAY_NAMES, SECTOR_INDEX, SECTOR_NAMES
from .instance import Slot, Student, format_time
from .rules import merge_intervals
from .travel import MODE_BY_CODE, km_to_minutes


def slots_phrase(n: int) -> str:
    """``1 slot`` / ``3 slots``."""
    return f"{n} slot" if n == 1 else f"{n} slots"


def limit_phrase(student: Student, limit_km: float) -> str:
    """The student's travel limit in words, e.g. ``40 minutes by bus or train (about 8.6 km)``."""
    t = student.travel
    if t.mode is not None and t.max_minutes is not None and (t.max_km is None or limit_km < t.max_km):
        return f"{t.max_minutes:g} minutes {MODE_BY_CODE[t.mode].label} (about {limit_km:.1f} km)"
    return f"{limit_km:.1f} km"


def sector_name(code: str | None) -> str:
    """Plain name of a sector code."""
    return SECTOR_NAMES[SECTOR_INDEX[code]] if code in SECTOR_INDEX else "no set career area"


def uncovered(slot: Slot, student: Student) -> list[tuple[int, int, int]]:
    """The parts of the slot's schedule the student is not free for: (day, start, end)."""
    merged = merge_intervals(student.availability or ())
    gaps = []
    for iv in slot.schedule:
        cursor = iv.start
        for start, end in merged.get(iv.day, ()):
            if end <= cursor or start >= iv.end:
                continue
            if start > cursor:
                gaps.append((iv.day, cursor, start))
            cursor = max(cursor, end)
        if cursor < iv.end:
            gaps.append((iv.day, cursor, iv.end))
    return _merge_gaps(gaps)


def _merge_gaps(gaps):
    out: list[tuple[int, int, int]] = []
    for day, start, end in sorted(set(gaps)):
        if out and out[-1][0] == day and start <= out[-1][2]:
            out[-1] = (day, out[-1][1], max(end, out[-1][2]))
        else:
            out.append((day, start, end))
    return out


def when_phrase(gaps) -> str:
    """``Thursday 15:00–17:00 and Friday 09:00–10:00``."""
    return " and ".join(f"{DAY_NAMES[d]} {format_time(a)}–{format_time(b)}" for d, a, b in gaps)


def missing_phrase(student: Student, slot: Slot) -> str:
    """What the student lacks for the slot: certificates, grade, age."""
    parts = []
    missing = [r for r in slot.requires if r not in student.certifications]
    if missing:
        parts.append(f"the {', '.join(missing)} certificate" + ("s" if len(missing) > 1 else ""))
    if slot.min_grade is not None and (student.grade is None or student.grade < slot.min_grade):
        parts.append(f"grade {slot.min_grade} or higher")
    if slot.min_age is not None and (student.age is None or student.age < slot.min_age):
        parts.append(f"age {slot.min_age} or older")
    return " and ".join(parts)


def extra_km(distance: float, limit: float) -> float:
    """Kilometres to add to the limit, rounded up to 0.1 km so that it is enough."""
    return max(0.1, math.ceil((distance - limit) * 10 - 1e-9) / 10)


def extra_minutes(student: Student, distance: float) -> int | None:
    """Minutes to add to a travel-time limit to reach ``distance``, if the student has one."""
    t = student.travel
    if t.mode is None or t.max_minutes is None:
        return None
    need = km_to_minutes(t.mode, distance) - t.max_minutes
    return max(1, math.ceil(need - 1e-9)) if need > 0 else None
