"""Reading one cell's text as a typed value; each reader raises CellError with a message for the intermediary."""
from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation

from wbl_match.models import TravelMode
from wbl_match.services.certifications import (
    certification_problems, normalise_certifications, split_certifications,
)
from wbl_match.services.places import zip_problem
from wbl_match.services.weekly_text import ScheduleError, parse_schedule

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


def integer(value: str, low: int, high: int, what: str) -> int | None:
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise CellError(f"'{value}' is not a whole number.") from None
    if not low <= number <= high:
        raise CellError(f"{what} must be from {low} to {high}; '{value}' is out of range.")
    return number


def decimal_number(value: str, low: float, high: float, what: str) -> float | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise CellError(f"'{value}' is not a number.") from None
    if math.isnan(number) or not low <= number <= high:
        raise CellError(f"{what} must be from {low:g} to {high:g}; '{value}' is out of range.")
    return number


def money_cents(value: str) -> int | None:
    if not value:
        return None
    try:
        cents = (Decimal(value.lstrip("$")) * 100).to_integral_value()
    except InvalidOperation:
        raise CellError(f"'{value}' is not an amount in dollars, e.g. 17.50.") from None
    if not 0 <= cents <= 100_000:
        raise CellError(f"'{value}' is not a plausible hourly wage.")
    return int(cents)


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
    value = value.split("-")[0].zfill(5) if value.replace("-", "").isdigit() else value
    problem = zip_problem(value)
    if problem:
        raise CellError(problem)
    return value


def travel_mode(value: str) -> TravelMode | None:
    if not value:
        return None
    mode = TRAVEL_WORDS.get(value.lower())
    if mode is None:
        raise CellError(f"'{value}' is not a travel mode (walk, bike, transit, car, school_bus).")
    return mode


def schedule(value: str) -> list[tuple[int, int, int]]:
    try:
        return parse_schedule(value)
    except ScheduleError as error:
        raise CellError(str(error)) from None


def code_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def certifications(value: str) -> list[str]:
    """Certification names separated by semicolons or commas, by the rule the portals and the API share."""
    names = split_certifications(value)
    problems = certification_problems(names)
    if problems:
        raise CellError(" ".join(problems))
    return normalise_certifications(names)
