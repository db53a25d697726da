"""Marshmallow schemas of the API. Ids and server-set fields are ``dump_only``: a client cannot set them."""
from __future__ import annotations

import unicodedata
from datetime import timezone
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.domain import birth_dates, capacity, certifications, places, profiles, requirements, wages
from wbl_match.domain.weekly import WEEKDAYS, ScheduleError, interval_dict, intervals_from_dicts

MAX_ID = 2**31 - 1


def _printable(value: str) -> None:
    # PostgreSQL text cannot hold NUL, and lone surrogates cannot be encoded: refuse both with a 422.
    if any(ch == "\x00" or unicodedata.category(ch) == "Cs" for ch in value):
        raise ma.ValidationError("Text may not contain NUL or unpaired surrogate characters.")


def Text(max_length: int | None = None, **kwargs: Any) -> fields.String:  # noqa: N802 (a field factory)
    extra = kwargs.pop("validate", None)
    validators = [_printable] + ([validate.Length(max=max_length)] if max_length else [])
    validators += extra if isinstance(extra, list) else [extra] if extra else []
    return fields.String(validate=validators, **kwargs)


def by_rule(problem: Any) -> Any:
    """A marshmallow validator from a rule of ``wbl_match.domain`` (a function giving a message or None)."""

    def check(value: Any) -> None:
        message = problem(value)
        if message:
            raise ma.ValidationError(message)

    return check


def _too_many(names: list[str]) -> str | None:
    return certifications.count_problem(names)


def Certifications(**kwargs: Any) -> fields.List:  # noqa: N802
    """Certification names, by the rule every door shares (``domain.certifications``): each name's problem
    under its index, too many names on the list."""
    name = fields.String(validate=by_rule(certifications.certification_problem), metadata={
        "minLength": 1, "maxLength": certifications.MAX_LENGTH,
        "description": f"Uses {certifications.ALLOWED}. A common certification's name "
                       "(e.g. CPR) is stored as its code (cpr)."})
    return fields.List(name, validate=by_rule(_too_many), metadata={"maxItems": certifications.MAX_COUNT}, **kwargs)


class ZipCode(fields.String):
    """A California ZIP code, by the rule every door shares (``domain.places``); stored as its five digits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=[_printable, by_rule(places.zip_problem)], allow_none=True, metadata={
            "description": "A California ZIP code (5 digits, or ZIP+4)", "maxLength": 10}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return text if places.zip_problem(text) else places.normal_zip(text)


def Capacity(**kwargs: Any) -> fields.Integer:  # noqa: N802
    """A slot's capacity, by the rule every door shares (``domain.capacity``)."""
    return fields.Integer(strict=True, validate=by_rule(capacity.capacity_problem), metadata={
        "minimum": capacity.MIN_CAPACITY, "maximum": capacity.MAX_CAPACITY}, **kwargs)


def BirthDate(**kwargs: Any) -> fields.Date:  # noqa: N802
    """A student's date of birth, by the rule every door shares (``domain.birth_dates``)."""
    return fields.Date(allow_none=True, validate=by_rule(birth_dates.birth_date_problem),
                       error_messages={"invalid": birth_dates.MALFORMED}, metadata={
                           "description": f"YYYY-MM-DD; the student is {birth_dates.YOUNGEST} to "
                                          f"{birth_dates.OLDEST} years old"}, **kwargs)


def Grade(**kwargs: Any) -> fields.Integer:  # noqa: N802
    """A student's grade, by the rule every door shares (``domain.requirements``)."""
    return fields.Integer(strict=True, validate=by_rule(requirements.grade_problem), metadata={
        "minimum": requirements.MIN_GRADE, "maximum": requirements.MAX_GRADE}, **kwargs)


def LowestGrade(**kwargs: Any) -> fields.Integer:  # noqa: N802
    """A slot's lowest grade (``domain.requirements``)."""
    return fields.Integer(allow_none=True, strict=True, validate=by_rule(requirements.min_grade_problem), metadata={
        "minimum": requirements.MIN_GRADE, "maximum": requirements.MAX_GRADE}, **kwargs)


def MinimumAge(**kwargs: Any) -> fields.Integer:  # noqa: N802
    """A slot's minimum age (``domain.requirements``)."""
    return fields.Integer(allow_none=True, strict=True, validate=by_rule(requirements.min_age_problem), metadata={
        "minimum": requirements.MIN_AGE, "maximum": requirements.MAX_AGE}, **kwargs)


def WageCents(**kwargs: Any) -> fields.Integer:  # noqa: N802
    """A paid slot's hourly wage in cents (``domain.wages``)."""
    return fields.Integer(allow_none=True, strict=True, validate=by_rule(wages.wage_problem), metadata={
        "minimum": wages.MIN_CENTS, "maximum": wages.MAX_CENTS}, **kwargs)


def MaxMinutes(**kwargs: Any) -> fields.Integer:  # noqa: N802
    return fields.Integer(allow_none=True, strict=True, validate=by_rule(profiles.minutes_problem), metadata={
        "minimum": profiles.MIN_MINUTES, "maximum": profiles.MAX_MINUTES}, **kwargs)


def MaxKm(**kwargs: Any) -> fields.Float:  # noqa: N802
    return fields.Float(allow_none=True, validate=by_rule(profiles.km_problem), metadata={
        "minimum": profiles.MIN_KM, "maximum": profiles.MAX_KM}, **kwargs)


class StrictBoolean(fields.Boolean):
    """A JSON boolean: true or false, not 0, 1 or "yes"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def Flag(**kwargs: Any) -> fields.Boolean:  # noqa: N802
    return StrictBoolean(**kwargs)


def Id(strict: bool = True, **kwargs: Any) -> fields.Integer:  # noqa: N802
    """A record id; ``strict=False`` in query strings, where every value arrives as text."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), strict=strict, **kwargs)


def Latitude(**kwargs: Any) -> fields.Float:  # noqa: N802
    """A latitude, by the rule every door shares (``domain.places``)."""
    return fields.Float(validate=by_rule(places.latitude_problem), allow_none=True,
                        metadata={"minimum": -90, "maximum": 90}, **kwargs)


def Longitude(**kwargs: Any) -> fields.Float:  # noqa: N802
    """A longitude, by the rule every door shares (``domain.places``)."""
    return fields.Float(validate=by_rule(places.longitude_problem), allow_none=True,
                        metadata={"minimum": -180, "maximum": 180}, **kwargs)


class IntervalSchema(ma.Schema):
    """One weekly interval: ``{"day": "mon", "start": "15:00", "end": "17:30"}`` (24-hour times)."""

    day = fields.String(required=True, validate=validate.OneOf(WEEKDAYS))
    start = fields.String(required=True, validate=validate.Regexp(r"^\d{2}:\d{2}$"))
    end = fields.String(required=True, validate=validate.Regexp(r"^\d{2}:\d{2}$"))

    @ma.pre_dump
    def from_row(self, row: Any, **kwargs: Any) -> dict[str, str]:
        return interval_dict((row.day, row.start_minute, row.end_minute))


def intervals_from(items: list[dict[str, str]], field: str) -> list[tuple[int, int, int]]:
    """Loaded interval dicts as (day, start, end) tuples, by the rule of ``domain.weekly`` (checked, merged)."""
    try:
        return intervals_from_dicts(items)
    except ScheduleError as error:
        raise ma.ValidationError(error.message, field_name=field) from error


class UtcDateTime(fields.AwareDateTime):
    """A timestamp with its offset: read as UTC when sent without one; written with one (SQLite hands back
    naive UTC values)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(default_timezone=timezone.utc, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


class Stamped(ma.Schema):
    created_at = UtcDateTime(dump_only=True)
    updated_at = UtcDateTime(dump_only=True)
