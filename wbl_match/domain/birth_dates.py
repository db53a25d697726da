"""Dates of birth: when one is plausible for a student of the programme, and a person's age on a day.

A student of grades 9 to 12 in a work-based learning programme is from 10 to 25 years old on the day the
record is saved (adult and continuation students included); a date outside that span is a typing mistake
(``0001-01-01``, this year instead of the birth year) that would otherwise decide which limits for minors
apply. The API, bulk import and the records service all judge a date of birth by ``birth_date_problem``.
"""
from __future__ import annotations

from datetime import date, datetime

from wbl_match.domain.errors import RuleError
from wbl_match.localisation import local_today

YOUNGEST, OLDEST = 10, 25
MALFORMED = "Write a date of birth as YYYY-MM-DD, like 2010-04-17."


def age_on(birth: date | None, day: date) -> int | None:
    """Age in whole years on ``day``; None when the date of birth is not known."""
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def implausible_message(birth: date) -> str:
    return (f"A date of birth makes the student {YOUNGEST} to {OLDEST} years old today; "
            f"{birth.isoformat()} does not.")


def birth_date_problem(value: object, today: date | None = None) -> str | None:
    """Why ``value`` cannot be a student's date of birth, or None when it can (a missing one is no problem)."""
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        return MALFORMED
    age = age_on(value, today or local_today())
    if age is None or not YOUNGEST <= age <= OLDEST:
        return implausible_message(value)
    return None


def parse_birth_date(text: str | None) -> date | None:
    """A date of birth written ``YYYY-MM-DD`` (a time after it, as spreadsheets add, is ignored); None for
    blank text. Raises ``RuleError`` when the text is not such a date or the date is not plausible."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) > 10 and text[10] in " T":
        text = text[:10]
    try:
        birth = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        birth = None
    if birth is None:
        raise RuleError(MALFORMED)
    if problem := birth_date_problem(birth):
        raise RuleError(problem)
    return birth
