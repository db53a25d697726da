"""Dates, times and distances as the reader reads them: the consortium's time zone and the reader's units.

The database keeps every timestamp in UTC and the engine every distance in kilometres; only what is shown
to people is converted, here, in one place. Pure functions (no Flask), so that pages, e-mails and letters
format the same way.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_time as _babel_time

DEFAULT_TIME_ZONE = "America/Los_Angeles"
DEFAULT_LOCALE = "en_US"
KM_PER_MILE = 1.609344
DISTANCE_UNITS = ("mi", "km")


_consortium_zone = DEFAULT_TIME_ZONE


def use_time_zone(name: str) -> None:
    """Make ``name`` the consortium's zone for this process (the application does, from ``WBL_TIME_ZONE``):
    the zone e-mails, texts and letters write their times in. Raises ``ValueError`` for an unknown zone."""
    global _consortium_zone
    time_zone(name)
    _consortium_zone = name


def consortium_zone() -> str:
    """The consortium's time zone (``WBL_TIME_ZONE``; ``America/Los_Angeles`` unless set)."""
    return _consortium_zone


def local_today(zone: str | None = None, now: datetime | None = None) -> date:
    """Today where the consortium is (``WBL_TIME_ZONE``): neither UTC's date nor the server's clock, so an
    evening in California is still today there. The one way the code asks what day it is."""
    return to_local(now or datetime.now(timezone.utc), zone or consortium_zone()).date()


@lru_cache(maxsize=16)
def time_zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` of an IANA name (``America/Los_Angeles``); raises ``ValueError`` for an unknown one."""
    try:
        return ZoneInfo(name)
    except Exception as error:  # ZoneInfoNotFoundError, or a malformed key
        raise ValueError(f"unknown time zone {name!r}") from error


def to_local(moment: datetime, zone: str = DEFAULT_TIME_ZONE) -> datetime:
    """``moment`` in the zone; a naive value is UTC (SQLite hands timestamps back without their offset)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(time_zone(zone))


def format_day(value: date | datetime | None, zone: str = DEFAULT_TIME_ZONE, locale: str = DEFAULT_LOCALE,
               style: str = "long") -> str:
    """A calendar day: ``March 1, 2027`` (``long``), ``Mar 1, 2027`` (``medium``), with the weekday (``full``).

    A ``datetime`` is first moved into the zone, so a deadline late in the evening in California is not
    shown as the next day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value, zone).date()
    return _babel_date(value, format=style, locale=locale)


def format_clock(moment: datetime | None, zone: str = DEFAULT_TIME_ZONE, locale: str = DEFAULT_LOCALE) -> str:
    """The time of day in the zone with its abbreviation: ``5:00 PM PST``."""
    if moment is None:
        return ""
    local = to_local(moment, zone)
    return f"{_babel_time(local, format='short', locale=locale)} {local.tzname()}"


def format_moment(moment: datetime | None, zone: str = DEFAULT_TIME_ZONE, locale: str = DEFAULT_LOCALE,
                  style: str = "long") -> str:
    """Day and time in the zone: ``March 1, 2027, 5:00 PM PST``."""
    if moment is None:
        return ""
    return f"{format_day(moment, zone, locale, style)}, {format_clock(moment, zone, locale)}"


def check_unit(unit: str) -> str:
    """``unit`` when it is one of ``DISTANCE_UNITS``; raises ``ValueError`` otherwise."""
    if unit not in DISTANCE_UNITS:
        raise ValueError(f"distance unit must be one of {', '.join(DISTANCE_UNITS)}, not {unit!r}")
    return unit


def km_to(unit: str, km: float) -> float:
    """A distance in kilometres expressed in ``unit``."""
    return km / KM_PER_MILE if check_unit(unit) == "mi" else km


def to_km(unit: str, value: float) -> float:
    """A distance given in ``unit`` expressed in kilometres (what the engine and the database keep)."""
    return value * KM_PER_MILE if check_unit(unit) == "mi" else value


def format_distance(km: float | None, unit: str = "mi", digits: int = 1) -> str:
    """``2.1 mi`` or ``3.4 km``; an empty string when there is no distance."""
    if km is None:
        return ""
    return f"{km_to(unit, km):.{digits}f} {unit}"
