"""The domain rules a record's fields obey, applied by the records services whatever door the values came by.

The API's schemas and bulk import's cell readers refuse a bad value first, with the same rule and the same
words (``wbl_match.domain``); the records services (``save_student``, ``save_slot``, ``save_employer``,
``save_school``) check again, so a caller that reaches a service directly (a command, a job, a test) can
never store what the doors refuse. ``normal_values`` then gives the stored form (a ZIP's five digits, merged
weekly times), as the doors do.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wbl_match.domain import birth_dates, capacity, emails, places, profiles, requirements, wages
from wbl_match.domain.certifications import certification_problems
from wbl_match.domain.weekly import ScheduleError, normalise_intervals


def _one(problem: Callable[[Any], str | None]) -> Callable[[Any], list[str]]:
    def check(value: Any) -> list[str]:
        message = problem(value)
        return [message] if message else []

    return check


def _zip(value: Any) -> list[str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    return _one(places.zip_problem)(value if isinstance(value, str) else "")


def _schedule(value: Any) -> list[str]:
    try:
        normalise_intervals(value or ())
    except ScheduleError as problem:
        return [problem.message]
    except (TypeError, ValueError):
        return ["Give weekly times as (day, start minute, end minute)."]
    return []


def _certifications(value: Any) -> list[str]:
    return certification_problems(value or ())


#: Each kind of record's fields and the rule each obeys (a function giving its messages).
RULES: dict[str, dict[str, Callable[[Any], list[str]]]] = {
    "student": {"home_zip": _zip, "home_lat": _one(places.latitude_problem),
                "home_lon": _one(places.longitude_problem), "grade": _one(requirements.grade_problem),
                "date_of_birth": _one(birth_dates.birth_date_problem),
                "max_km": _one(profiles.km_problem), "max_minutes": _one(profiles.minutes_problem),
                "certifications": _certifications, "availability": _schedule,
                "guardian_email": _one(emails.email_problem)},
    "slot": {"site_zip": _zip, "site_lat": _one(places.latitude_problem),
             "site_lon": _one(places.longitude_problem), "capacity": _one(capacity.capacity_problem),
             "min_grade": _one(requirements.min_grade_problem), "min_age": _one(requirements.min_age_problem),
             "hourly_wage_cents": _one(wages.wage_problem), "required_certifications": _certifications,
             "shifts": _schedule},
    "employer": {"zip": _zip},
    "school": {"zip": _zip, "lat": _one(places.latitude_problem), "lon": _one(places.longitude_problem)},
}


def rule_errors(kind: str, values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Add the messages of every rule a value in ``values`` breaks to ``errors`` (by field name)."""
    for name, check in RULES[kind].items():
        if name in values:
            for message in check(values[name]):
                errors.setdefault(name, []).append(message)


def normal_values(values: dict[str, Any]) -> dict[str, Any]:
    """Values that passed ``rule_errors`` in their stored form: ZIP codes as five digits, weekly times merged."""
    normal = dict(values)
    for name in ("home_zip", "site_zip", "zip"):
        if isinstance(normal.get(name), str):
            normal[name] = places.normal_zip(normal[name]) if normal[name].strip() else None
    if "guardian_email" in normal:
        normal["guardian_email"] = emails.normal_email(normal["guardian_email"])
    for name in ("availability", "shifts"):
        if normal.get(name) is not None:
            normal[name] = normalise_intervals(normal[name])
    return normal
