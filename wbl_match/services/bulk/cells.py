"""Reading one cell's text as a typed value; each reader raises CellError with a message for the intermediary."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from wbl_match.languages import language_code
from wbl_match.models import TravelMode
from wbl_match.domain.certifications import (
    certification_problems, normalise_certifications, split_certifications,
)
from wbl_match.domain.birth_dates import parse_birth_date
from wbl_match.domain.capacity import capacity_problem
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


def latitude(value: str) -> float | None:
    """A typed latitude, by the rule of ``domain.places``."""
    number = _number(value)
    _by_rule(number, latitude_problem)
    return number


def longitude(value: str) -> float | None:
    """A typed longitude, by the rule of ``domain.places``."""
    number = _number(value)
    _by_rule(number, longitude_problem)
    return number


def money_cents(value: str) -> int | None:
    """An hourly wage in dollars (``17.50`` or ``$17.50``) as cents, by the rule of ``domain.wages``."""
    if not value:
        return None
    try:
        amount = Decimal(value.lstrip("$"))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise CellError(f"'{value}' is not an amount in dollars, e.g. 17.50.")
    if abs(amount) > 10**9:  # far beyond any wage; keeps a huge exponent from being expanded
        cents = 10**12
    else:
        cents = int((amount * 100).to_integral_value())
    _by_rule(cents, wage_problem)
    return cents


def iso_date(value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise CellError(f"'{value}' is not a date written as YYYY-MM-DD.") from None


def birth_date(value: str) -> date | None:
    """A date of birth, by the rule of ``domain.birth_dates``."""
    try:
        return parse_birth_date(value)
    except RuleError as error:
        raise CellError(error.message) from None


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
    try:
        return normal_zip(value)
    except RuleError as error:
        raise CellError(error.message) from None


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


def schedule(value: str) -> list[tuple[int, int, int]]:
    """Weekly times written like ``Mon 15:00-18:00; Wed 15:00-18:00``, by the rule of ``domain.weekly``."""
    try:
        return parse_schedule(value)
    except RuleError as error:
        raise CellError(error.message) from None


def _by_rule(number, problem) -> None:
    message = problem(number)
    if message:
        raise CellError(message)


def capacity(value: str) -> int | None:
    """A slot's capacity, by the rule of ``domain.capacity``."""
    number = whole_number(value)
    _by_rule(number, capacity_problem)
    return number


def grade(value: str) -> int | None:
    """A student's grade, by the rule of ``domain.requirements``."""
    number = whole_number(value)
    _by_rule(number, grade_problem)
    return number


def min_grade(value: str) -> int | None:
    """A slot's lowest grade, by the rule of ``domain.requirements``."""
    number = whole_number(value)
    _by_rule(number, min_grade_problem)
    return number


def min_age(value: str) -> int | None:
    """A slot's minimum age, by the rule of ``domain.requirements``."""
    number = whole_number(value)
    _by_rule(number, min_age_problem)
    return number


def max_minutes(value: str) -> int | None:
    """A longest trip in minutes, by the rule of ``domain.profiles``."""
    number = whole_number(value)
    _by_rule(number, minutes_problem)
    return number


def max_km(value: str) -> float | None:
    """A farthest distance in km, by the rule of ``domain.profiles``."""
    number = _number(value)
    _by_rule(number, km_problem)
    return number


def code_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def certifications(value: str) -> list[str]:
    """Certification names separated by semicolons or commas, by the rule the portals and the API share."""
    names = split_certifications(value)
    problems = certification_problems(names)
    if problems:
        raise CellError(" ".join(problems))
    return normalise_certifications(names)
