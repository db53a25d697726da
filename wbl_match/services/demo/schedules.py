"""Realistic weekly patterns: after-school afternoons and summer full-time weeks.

A student keeps one weekly grid for the whole year. Most mark the school-year afternoons they are free
(some also Saturday); some of them also mark summer days, and a few only summer days (sports or a job
fill their afternoons). A student who marks both has the two merged into one grid.
"""
from __future__ import annotations

import random

Interval = tuple[int, int, int]  # day (0 = Monday), start minute, end minute

#: What students mark on their grid, with how often: (after-school afternoons, summer days, share in %).
AVAILABILITY_KINDS = (
    (True, False, 62),   # afternoons (and maybe Saturday) only
    (True, True, 26),    # afternoons, and summer days too
    (False, True, 12),   # summer days only
)


def _hm(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


#: Lengths of school-day afternoon shifts, as often as employers post them: most fit every student;
#: 3.5 and 4 hours are more than students of 14 and 15 may work on a school day (the limits for minors).
AFTERNOON_HOURS = (_hm(2), _hm(2), _hm(2, 30), _hm(2, 30), _hm(3), _hm(3, 30), _hm(4))


def slot_schedule(rng: random.Random, summer: bool) -> list[Interval]:
    """A slot's weekly shifts: summer weekdays (6 or 8 hours), or two to three school-day afternoons of 2 to 4
    hours, or a Saturday morning or day."""
    if summer:
        start = rng.choice((_hm(7), _hm(8), _hm(9)))
        length = rng.choice((_hm(6), _hm(6), _hm(8)))
        return [(day, start, start + length) for day in range(rng.choice((3, 4, 5)))]
    if rng.random() < 0.12:
        return [(5, _hm(8), rng.choice((_hm(12), _hm(14))))]
    days = sorted(rng.sample(range(5), rng.choice((2, 2, 3))))
    start = rng.choice((_hm(15), _hm(15, 30), _hm(16)))
    length = rng.choice(AFTERNOON_HOURS)
    if length > _hm(3):
        start = _hm(15)  # long afternoons start at the bell, so that they end by 19:00
    return [(day, start, start + length) for day in days]


def student_availability(rng: random.Random) -> list[Interval]:
    """When a student can work, as their one weekly grid: afternoons after the bell, summer days, or both."""
    after_school, summer, _ = rng.choices(AVAILABILITY_KINDS, [kind[2] for kind in AVAILABILITY_KINDS])[0]
    intervals = after_school_availability(rng) if after_school else []
    if summer:
        intervals += [(day, _hm(7), _hm(17)) for day in range(5)]
    return merge(intervals)


def after_school_availability(rng: random.Random) -> list[Interval]:
    """Three to five weekday afternoons from the bell to early evening, and for some Saturday morning."""
    free_days = sorted(rng.sample(range(5), rng.choice((3, 4, 5, 5))))
    end = rng.choice((_hm(18), _hm(18, 30), _hm(19)))
    intervals = [(day, _hm(15), end) for day in free_days]
    if rng.random() < 0.4:
        intervals.append((5, _hm(8), _hm(14)))
    return intervals


def merge(intervals: list[Interval]) -> list[Interval]:
    """Overlapping or touching intervals of a day joined, in day and time order (as the grid saves them)."""
    merged: list[Interval] = []
    for day, start, end in sorted(intervals):
        if merged and merged[-1][0] == day and start <= merged[-1][2]:
            merged[-1] = (day, merged[-1][1], max(merged[-1][2], end))
        else:
            merged.append((day, start, end))
    return merged
