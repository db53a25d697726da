"""What the consortium's limits for minors mean for a slot's schedule, told to the employer as they post.

The rule is the engine's (``matching.work_hours``), applied to the schedule with the consortium's table and
the term the slot's dates fall in; nothing here blocks the post.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from wbl_match.matching import Interval, Policy
from wbl_match.matching.work_hours import band_breaches, breach_summary, read_policy_fields
from wbl_match.services.work_limits import current_table, in_summer, summer_bands

#: The youngest students of the programme (the lower end of the youngest band).
YOUNGEST = 14


def hours_note(session: Session, consortium_id: int, schedule, start: date | None = None,
               end: date | None = None) -> str | None:
    """One sentence on the ages a schedule is open to, e.g. ``4 hours on Tuesday: open to students 16 and older.``

    None for an empty schedule. The term is a vacation when the slot's dates lie in June 1 – Labor Day.
    """
    intervals = [Interval(day, s, min(e, 23 * 60 + 59)) for day, s, e in schedule or ()]
    if not intervals:
        return None
    table = current_table(session, consortium_id)
    summer = in_summer(start, end)
    policy = Policy(sector_rule="preferred", **read_policy_fields(
        {"term": "vacation" if summer else "school", "work_limits": list(summer_bands(table.bands, start, end))}))
    results = band_breaches(intervals, policy)
    closed = [(band, found) for band, found in results if found is not None]
    when = " in a vacation" if summer else " in a school term"
    if not closed:
        return f"This schedule is open to students of every age{when}."
    open_ages = [band for band, found in results if found is None]
    reason = breach_summary(closed[-1][1])
    if len(closed) == len(results):
        top = max(band.max_age for band, _ in results)
        return f"{_capital(reason)}: open only to students {top + 1} and older{when} (the limits for minors)."
    if all(band.max_age > closed[-1][0].max_age for band in open_ages):
        return f"{_capital(reason)}: open to students {closed[-1][0].max_age + 1} and older{when}."
    ages = ", ".join(_ages(results, band) for band, _ in closed)
    return f"{_capital(reason)}: not open to students aged {ages}{when}."


def _ages(results, band) -> str:
    ordered = [b for b, _ in results]
    k = ordered.index(band)
    low = ordered[k - 1].max_age + 1 if k else YOUNGEST
    return f"{low}–{band.max_age}" if low < band.max_age else str(band.max_age)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
