"""The weekly schedule grid shared by slot schedules and student availability.

Plain checkboxes, one per day and half hour, named ``<field>`` with values ``<day>-<minute>``; it works
without JavaScript. ``static/js/schedule-grid.js`` adds arrow-key movement and drag-to-mark on top.
"""
from __future__ import annotations

from flask_babel import gettext
from wtforms import Field

from wbl_match.models.enums import WEEKDAY_LABELS
from wbl_match.services.students.eligibility import travel_phrase

GRID_START, GRID_END, STEP = 6 * 60, 22 * 60, 30
ROWS = tuple(range(GRID_START, GRID_END, STEP))
DAYS = tuple(enumerate(WEEKDAY_LABELS))


def cell_value(day: int, minute: int) -> str:
    return f"{day}-{minute}"


def cells_from_intervals(intervals) -> set[str]:
    """The grid cells covered by intervals (partly covered cells count; times off the grid are dropped)."""
    cells = set()
    for day, start, end in intervals:
        for minute in ROWS:
            if start < minute + STEP and minute < end:
                cells.add(cell_value(day, minute))
    return cells


def intervals_from_cells(values: list[str]) -> list[tuple[int, int, int]]:
    """Merge marked cells into intervals per day; ``ValueError`` for a value that is not a grid cell."""
    marked: set[tuple[int, int]] = set()
    for value in values:
        day_text, _, minute_text = value.partition("-")
        if not (day_text.isdigit() and minute_text.isdigit()):
            raise ValueError(value)
        day, minute = int(day_text), int(minute_text)
        if not 0 <= day <= 6 or minute not in ROWS:
            raise ValueError(value)
        marked.add((day, minute))
    intervals: list[tuple[int, int, int]] = []
    for day, minute in sorted(marked):
        if intervals and intervals[-1][0] == day and intervals[-1][2] == minute:
            intervals[-1] = (day, intervals[-1][1], minute + STEP)
        else:
            intervals.append((day, minute, minute + STEP))
    return intervals


def label(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


class ScheduleField(Field):
    """A form field whose data is a list of ``(day, start_minute, end_minute)``."""

    def process_data(self, value) -> None:
        self.data = list(value or [])

    def process_formdata(self, valuelist) -> None:
        try:
            self.data = intervals_from_cells(valuelist)
        except ValueError:
            self.data = []
            raise ValueError("Choose times from the grid.") from None

    @property
    def cells(self) -> set[str]:
        return cells_from_intervals(self.data or [])


def grid_context() -> dict:
    """Template globals for the grid macro."""
    return {"grid_rows": [(minute, label(minute), minute % 60 == 0) for minute in ROWS], "grid_days": DAYS,
            "grid_cell": cell_value, "travel_by": travel_by}


def travel_by(mode) -> str:
    """``by car``, ``by bus or train``: the engine's own words for a travel mode, in the page's language."""
    phrase = travel_phrase(getattr(mode, "value", mode))
    return gettext(phrase) if phrase else phrase
