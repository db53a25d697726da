"""Weekly intervals as plain tuples ``(day, start_minute, end_minute)``, checked and merged."""
from __future__ import annotations

from wbl_match.services.errors import Collector

Interval = tuple[int, int, int]


def normalise_intervals(intervals, errors: Collector, field: str, *, required_message: str | None) -> list[Interval]:
    """Check each interval and merge overlapping or touching ones per day, sorted.

    ``required_message`` set: an empty schedule is an error with that message.
    """
    cleaned: list[Interval] = []
    for day, start, end in intervals:
        if not (0 <= day <= 6 and 0 <= start < end <= 1440):
            errors.add(field, "Each time must be within one day and end after it starts.")
            return []
        cleaned.append((day, start, end))
    if not cleaned and required_message:
        errors.add(field, required_message)
    merged: list[Interval] = []
    for day, start, end in sorted(cleaned):
        if merged and merged[-1][0] == day and start <= merged[-1][2]:
            merged[-1] = (day, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((day, start, end))
    return merged
