"""Realistic weekly patterns: after-school afternoons and summer full-time weeks."""
from __future__ import annotations

import random

Interval = tuple[int, int, int]  # day (0 = Monday), start minute, end minute


def _hm(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


def slot_schedule(rng: random.Random, summer: bool) -> list[Interval]:
    """A slot's weekly shifts: summer weekdays, or two to three school-day afternoons, or Saturday."""
    if summer:
        start = rng.choice((_hm(7), _hm(8), _hm(9)))
        return [(day, start, start + _hm(6)) for day in range(rng.choice((3, 4, 5)))]
    if rng.random() < 0.12:
        return [(5, _hm(8), _hm(12))]
    days = sorted(rng.sample(range(5), rng.choice((2, 2, 3))))
    start = rng.choice((_hm(15), _hm(15, 30), _hm(16)))
    return [(day, start, start + rng.choice((_hm(2), _hm(2, 30)))) for day in days]


def student_availability(rng: random.Random, summer: bool) -> list[Interval]:
    """When a student can work: weekday afternoons after the bell (some also Saturday), or summer days."""
    if summer:
        return [(day, _hm(7), _hm(17)) for day in range(5)]
    free_days = sorted(rng.sample(range(5), rng.choice((3, 4, 5, 5))))
    end = rng.choice((_hm(18), _hm(18, 30), _hm(19)))
    intervals = [(day, _hm(15), end) for day in free_days]
    if rng.random() < 0.4:
        intervals.append((5, _hm(8), _hm(14)))
    return intervals
