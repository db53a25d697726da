"""Reading one cell's text as a typed value; each reader raises CellError with a message for the intermediary."""
from __future__ import annotations

from datetime import date
from typing import Callable, TypeVar
from decimal import Decimal, InvalidOperation

from wbl_match.languages import language_code
from wbl_match.models import TravelMode
from wbl_match.domain.certifications import (
    certification_problems, normalise_certifications, split_certifications,
)
from wbl_match.domain.birth_dates import parse_birth_date
from wbl_match.domain.capacity import capacity_problem
from wbl_match.domain.emails import email_problem, normal_email
from wbl_match.domain.errors import RuleError
from wbl_match.domain.places import latitude_problem, longitude_problem, normal_zip
from wbl_match.domain.profiles import km_problem, minutes_problem
from wbl_match.domain.requirements import grade_problem, min_age_problem, min_grade_problem
from wbl_match.domain.wages import wage_problem
from wbl_match.domain.weekly import parse_schedule

YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}
TRAVEL_WORDS = {**{mode.value: mode for mode in TravelMode}, **{mode.label.lower(): mode for mode in TravelMode},
                "school bus": TravelMode.SCHOOL_BUS, "bus": TravelMode.TRANSIT, "bicycle": TravelMode.BIKE,
                "walking": TravelMode.WALK, "drive": TravelMode.CAR}


class CellError(ValueError):
    """A cell whose text cannot be used."""


T = TypeVar("T")


def text(value: str, max_length: int) -> str | None:
    if len(value) > max_length:
        raise CellError(f"Too long: at most {max_length} characters.")
    return value or None


def whole_number(value: str) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CellError(f"'{value}' is not a whole number.") from None


def _number(value: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CellError(f"'{value}' is not a number.") from None


def _cents(value: str) -> int | None:
    """An hourly wage in dollars (``17.50`` or ``$17.50``) as cents, not yet judged by the rule."""
    if not value:
        return None
    try:
        amount = Decimal(value.lstrip("$"))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise CellError(f"'{value}' is not an amount in dollars, e.g. 17.50.")
    if abs(amount) > 10**9:  # far beyond any wage; keeps a huge exponent from being expanded
        return 10**12
    return int((amount * 100).to_integral_value())


def by_rule(parse: Callable[[str], T], problem: Callable[[T], str | None] | None = None) -> Callable[[str], T]:
    """The reader of a cell judged by one domain rule: ``parse`` types the text (a ``RuleError`` it raises
    gives the cell's message), then ``problem``, the rule, judges the value; the value, or ``CellError`` with
    the rule's message."""
    def read(value: str) -> T:
        try:
            typed = parse(value)
        except RuleError as error:
            raise CellError(error.message) from None
        message = problem(typed) if problem is not None else None
        if message:
            raise CellError(message)
        return typed
    return read


# Cells judged by the rule every door shares (the domain module named): one reader each, all read one way.
latitude = by_rule(_number, latitude_problem)  # domain.places
longitude = by_rule(_number, longitude_problem)  # domain.places
_zip = by_rule(normal_zip)  # domain.places: the five digits stored
money_cents = by_rule(_cents, wage_problem)  # domain.wages: ``17.50`` or ``$17.50`` as cents
birth_date = by_rule(parse_birth_date)  # domain.birth_dates
schedule = by_rule(parse_schedule)  # domain.weekly: ``Mon 15:00-18:00; Wed 15:00-18:00``
email = by_rule(normal_email, email_problem)  # domain.emails: trimmed, lower case
capacity = by_rule(whole_number, capacity_problem)  # domain.capacity: a slot's capacity
grade = by_rule(whole_number, grade_problem)  # domain.requirements: a student's grade
min_grade = by_rule(whole_number, min_grade_problem)  # domain.requirements: a slot's lowest grade
min_age = by_rule(whole_number, min_age_problem)  # domain.requirements: a slot's minimum age
max_minutes = by_rule(whole_number, minutes_problem)  # domain.profiles: a longest trip in minutes
max_km = by_rule(_number, km_problem)  # domain.profiles: a farthest distance in km


def iso_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise CellError(f"'{value}' is not a date written as YYYY-MM-DD.") from None


def yes_no(value: str) -> bool:
    word = value.lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(f"'{value}' is not yes or no.")


def zip_code(value: str, required: bool) -> str | None:
    if not value:
        if required:
            raise CellError("This is required.")
        return None
    return _zip(value)


def language(value: str) -> str | None:
    """``en`` or ``es`` from ``es``, ``Spanish``, ``Español``, ``es-MX``…; None for a blank cell."""
    try:
        return language_code(value)
    except ValueError:
        raise CellError(f"'{value}' is not a language the service speaks (en or es, English or Spanish).") from None


def travel_mode(value: str) -> TravelMode | None:
    if not value:
        return None
    mode = TRAVEL_WORDS.get(value.lower())
    if mode is None:
        raise CellError(f"'{value}' is not a travel mode (walk, bike, transit, car, school_bus).")
    return mode


def code_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def certifications(value: str) -> list[str]:
    """Certification names separated by semicolons or commas, by the rule the portals and the API share."""
    names = split_certifications(value)
    problems = certification_problems(names)
    if problems:
        raise CellError(" ".join(problems))
    return normalise_certifications(names)
