"""The placement's weekly schedule in the words and numbers the checklist and the hours log need."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from wbl_match.models import PlacementProgress, Slot
from wbl_match.models.enums import WEEKDAY_LABELS


def daily_minutes(slot: Slot) -> dict[str, int]:
    """Scheduled minutes per weekday name ("Monday": 120), for the days the slot has shifts."""
    totals: dict[int, int] = defaultdict(int)
    for shift in slot.shifts:
        totals[shift.day] += shift.end_minute - shift.start_minute
    return {WEEKDAY_LABELS[day]: minutes for day, minutes in sorted(totals.items())}


def minutes_on(slot: Slot, day: date) -> int:
    """Scheduled minutes on the weekday of ``day`` (0 when the slot has no shift that day)."""
    return daily_minutes(slot).get(WEEKDAY_LABELS[day.weekday()], 0)


def hours_text(minutes: float) -> str:
    """``4 hours``, ``1 hour``, ``2.5 hours``."""
    hours = minutes / 60
    shown = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"{shown} hour" if shown == "1" else f"{shown} hours"


def placement_end(progress: PlacementProgress) -> date | None:
    """The day the placement ends: its end if it has ended, else the slot's term end."""
    return progress.ended_on or progress.placement.slot.term_end
