"""California's working hours for minors, as one small function the hours log asks.

California Labor Code §§ 1391–1394 (summarised by the Department of Industrial Relations' *Child Labor
Laws* pamphlet): minors aged 16 and 17 work at most 4 hours on a school day, 8 hours on a non-school day or
a day before a non-school day, and 48 hours a week; minors aged 14 and 15 at most 3 hours on a school day,
8 hours on a non-school day, 18 hours in a school week and 40 hours in a week of vacation. Adults have no
such limit here. Work experience education programmes may allow more; that exception is not modelled.

Swappable: the matching engine is getting the same rule (its rule 7, ``matching/work_hours.py``); when it
lands, ``daily_limit`` and ``weekly_limit`` should call it instead of this table.

Without the school's calendar, "school in session" is approximated: any date outside 15 June to 15 August,
and Monday to Friday is a school day (Saturday and Sunday never are).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Limit:
    minutes: int
    reason: str


def school_in_session(day: date) -> bool:
    """The approximation of the school calendar used when none is known (see the module's note)."""
    return not (date(day.year, 6, 15) <= day <= date(day.year, 8, 15))


def is_school_day(day: date) -> bool:
    return day.weekday() < 5 and school_in_session(day)


def daily_limit(age: int | None, day: date) -> Limit | None:
    """The most a minor of ``age`` may work on ``day``; None for adults. An unknown age counts as a minor of
    16–17 (high-school students are, mostly): the coordinator records the birth date to lift it."""
    if age is not None and age >= 18:
        return None
    who = "14 and 15" if age is not None and age < 16 else "16 and 17"
    if not is_school_day(day):
        return Limit(8 * 60, f"minors aged {who} may work at most 8 hours on a day without school")
    if who == "16 and 17" and not is_school_day(day + timedelta(days=1)):
        return Limit(8 * 60, "minors aged 16 and 17 may work at most 8 hours on a day before a day without school")
    hours = 3 if who == "14 and 15" else 4
    return Limit(hours * 60, f"minors aged {who} may work at most {hours} hours on a school day")


def weekly_limit(age: int | None, monday: date) -> Limit | None:
    """The most a minor of ``age`` may work in the week starting ``monday``; None for adults."""
    if age is not None and age >= 18:
        return None
    if age is not None and age < 16:
        if any(is_school_day(monday + timedelta(days=n)) for n in range(5)):
            return Limit(18 * 60, "minors aged 14 and 15 may work at most 18 hours in a school week")
        return Limit(40 * 60, "minors aged 14 and 15 may work at most 40 hours in a week of vacation")
    return Limit(48 * 60, "minors aged 16 and 17 may work at most 48 hours a week")
