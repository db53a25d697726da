"""Weekly schedules as text (``Mon 15:00-17:30; Wed 15:00-17:30``) and as intervals (day, start, end minute)."""
from __future__ import annotations

import re

from wbl_match.models.enums import WEEKDAYS

Interval = tuple[int, int, int]
DAY_NAMES = {name: index for index, code in enumerate(WEEKDAYS)
             for name in (code, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                 "sunday")[index])}
_PART = re.compile(r"^([A-Za-z]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
EXAMPLE = "Mon 15:00-17:30; Wed 15:00-17:30"


class ScheduleError(ValueError):
    """A schedule text that cannot be read; the message says how to write it."""


def parse_schedule(text: str) -> list[Interval]:
    """Read ``Mon 15:00-17:30; Wed 15:00-17:30`` (24-hour times, ``;`` between days) into sorted intervals."""
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
        start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
        if int(m1) > 59 or int(m2) > 59 or start > 1439 or end > 1440 or start >= end:
            raise ScheduleError(f"'{part}': the times must be 00:00-24:00 and the start before the end.")
        intervals.append((DAY_NAMES[day.lower()], start, end))
    intervals.sort()
    for (d1, _, e1), (d2, s2, _) in zip(intervals, intervals[1:]):
        if d1 == d2 and s2 < e1:
            raise ScheduleError(f"Two times on {WEEKDAYS[d1].capitalize()} overlap.")
    return intervals


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def format_schedule(intervals: list[Interval]) -> str:
    """The text form of ``intervals`` (what ``parse_schedule`` reads back)."""
    return "; ".join(f"{WEEKDAYS[d].capitalize()} {_hhmm(s)}-{_hhmm(e)}" for d, s, e in sorted(intervals))


def interval_dict(interval: Interval) -> dict[str, str]:
    day, start, end = interval
    return {"day": WEEKDAYS[day], "start": _hhmm(start), "end": _hhmm(end)}


def parse_interval_dict(value: dict[str, str]) -> Interval:
    """``{"day": "mon", "start": "15:00", "end": "17:00"}`` as an interval (raises ScheduleError)."""
    return parse_schedule(f"{value.get('day', '')} {value.get('start', '')}-{value.get('end', '')}")[0]
