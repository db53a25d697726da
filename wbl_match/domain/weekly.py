"""Weekly intervals ``(day, start_minute, end_minute)``: what a time may be, and how times combine.

One behaviour at every door: each time lies within one day (00:00-24:00) and ends after it starts;
overlapping or touching times of one day are merged into one (the engine merges touching ones too), so
``Mon 15:00-17:00; Mon 16:00-18:00`` is stored as ``Mon 15:00-18:00``. The text form
(``Mon 15:00-17:30; Wed 15:00-17:30``) is read and written here as well, for bulk import, exports and the API.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from wbl_match.domain.errors import RuleError
from wbl_match.matching.constants import DAYS as WEEKDAYS

Interval = tuple[int, int, int]
DAY_NAMES = {name: index for index, code in enumerate(WEEKDAYS)
             for name in (code, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                 "sunday")[index])}
MINUTES_PER_DAY = 1440
EXAMPLE = "Mon 15:00-17:30; Wed 15:00-17:30"
_PART = re.compile(r"^([A-Za-z]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class ScheduleError(RuleError):
    """Weekly times that cannot be used; the message says why and how to write them."""


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def interval_problem(day: int, start: int, end: int) -> str | None:
    """Why one interval cannot be a weekly time, or None when it can."""
    if not 0 <= day <= 6:
        return "Each time must be on a day of the week, Mon to Sun."
    if not 0 <= start < end <= MINUTES_PER_DAY:
        return (f"{WEEKDAYS[day].capitalize()} {_hhmm(start)}-{_hhmm(end)}: each time must lie within one day "
                f"(00:00-24:00) and end after it starts.")
    return None


def normalise_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """The intervals checked, then merged per day where they overlap or touch, sorted.

    Raises ``ScheduleError`` with the first bad interval's message.
    """
    cleaned = []
    for day, start, end in intervals:
        problem = interval_problem(day, start, end)
        if problem:
            raise ScheduleError(problem)
        cleaned.append((day, start, end))
    merged: list[Interval] = []
    for day, start, end in sorted(cleaned):
        if merged and merged[-1][0] == day and start <= merged[-1][2]:
            merged[-1] = (day, merged[-1][1], max(end, merged[-1][2]))
        else:
            merged.append((day, start, end))
    return merged


def parse_schedule(text: str | None) -> list[Interval]:
    """Read ``Mon 15:00-17:30; Wed 15:00-17:30`` (24-hour times, ``;`` between times) into normal intervals."""
    intervals = []
    for part in (p.strip() for p in (text or "").split(";")):
        if not part:
            continue
        match = _PART.match(part)
        if not match:
            raise ScheduleError(f"'{part}' is not a day and 24-hour times like '{EXAMPLE}'.")
        day, h1, m1, h2, m2 = match.groups()
        if day.lower() not in DAY_NAMES:
            raise ScheduleError(f"'{day}' is not a day of the week (Mon, Tue, Wed, Thu, Fri, Sat, Sun).")
        if int(m1) > 59 or int(m2) > 59:
            raise ScheduleError(f"'{part}' is not a day and 24-hour times like '{EXAMPLE}'.")
        intervals.append((DAY_NAMES[day.lower()], int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)))
    return normalise_intervals(intervals)


def format_schedule(intervals: Iterable[Interval]) -> str:
    """The text form of ``intervals`` (what ``parse_schedule`` reads back)."""
    return "; ".join(f"{WEEKDAYS[d].capitalize()} {_hhmm(s)}-{_hhmm(e)}" for d, s, e in sorted(intervals))


def interval_dict(interval: Interval) -> dict[str, str]:
    """``(0, 900, 1020)`` as ``{"day": "mon", "start": "15:00", "end": "17:00"}`` (the API's form)."""
    day, start, end = interval
    return {"day": WEEKDAYS[day], "start": _hhmm(start), "end": _hhmm(end)}


def intervals_from_dicts(items: Iterable[dict[str, str]]) -> list[Interval]:
    """The API's interval dicts as normal intervals (raises ``ScheduleError``)."""
    return parse_schedule("; ".join(f"{item.get('day', '')} {item.get('start', '')}-{item.get('end', '')}"
                                    for item in items))
