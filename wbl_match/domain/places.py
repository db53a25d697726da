"""Places: a ZIP code becomes a point on the map, for California ZIP codes only.

The service serves California's consortia, so a home or work site outside California is a typing mistake
(10001 is Manhattan). Positions come from the shipped centroids (``wbl_match/data/ca_zip_centroids.csv``,
GeoNames via the ``zipcodes`` package); the few ZIPs placed at 0,0 there count as unknown, because a student
in the Atlantic would make every distance meaningless.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wbl_match.domain.errors import RuleError
from wbl_match.languages import N_, Message

#: Five digits, optionally with the four of ZIP+4 (only the first five are kept).
ZIP_PATTERN = re.compile(r"^\d{5}(-\d{4})?$")
MALFORMED = N_("Enter a 5-digit ZIP code, like 93291.")
LATITUDE_MESSAGE = "A latitude is from -90 to 90."
LONGITUDE_MESSAGE = "A longitude is from -180 to 180."
BOTH_OR_NEITHER = "Give both latitude and longitude, or leave both empty to use the ZIP code."


@dataclass(frozen=True)
class Place:
    zip: str
    city: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    text = resources.files("wbl_match.data").joinpath("ca_zip_centroids.csv").read_text(encoding="utf-8")
    found = {}
    for row in csv.DictReader(text.splitlines()):
        lat, lon = float(row["lat"]), float(row["lon"])
        if (lat, lon) != (0.0, 0.0):
            found[row["zip"]] = Place(row["zip"], row["city"], lat, lon)
    return found


def unknown_message(code: str) -> str:
    return Message(N_("%(code)s is not a California ZIP code we can place on the map."), code=code)


def locate_zip(value: str | None) -> Place:
    """The centroid of a California ZIP code; ``RuleError`` when it is malformed, unknown or elsewhere."""
    text = (value or "").strip()
    if not ZIP_PATTERN.match(text):
        raise RuleError(MALFORMED)
    place = _places().get(text[:5])
    if place is None:
        raise RuleError(unknown_message(text[:5]))
    return place


def home_position(zip_code: str | None, kept_zip: str | None, kept_lat: float | None,
                  kept_lon: float | None) -> tuple[str, float, float]:
    """The ZIP and the position to store for a home given by its ZIP code.

    A home keeps its exact position (imported or typed coordinates) while its ZIP code stays the same: only
    a changed ZIP moves it, to the new ZIP code's centre. ``RuleError`` when the ZIP is not a California one.
    """
    place = locate_zip(zip_code)
    if kept_zip == place.zip and kept_lat is not None and kept_lon is not None:
        return place.zip, kept_lat, kept_lon
    return place.zip, place.lat, place.lon


def zip_problem(value: str | None) -> str | None:
    """Why ``value`` cannot be used as a ZIP code, or None when it is a known California ZIP code."""
    try:
        locate_zip(value)
    except RuleError as error:
        return error.message
    return None


def normal_zip(value: str | None) -> str:
    """The five digits stored for a ZIP code the rule accepts (``93291-1234`` is stored as ``93291``)."""
    return locate_zip(value).zip


def town_of_zip(value: str | None) -> str | None:
    """The town of a California ZIP code in title case, or None when the ZIP is not one."""
    try:
        return locate_zip(value).city.title() or None
    except RuleError:
        return None


def located_by_zip(zip_code: str | None, lat: float | None, lon: float | None) -> bool:
    """True when ``(lat, lon)`` is the ZIP code's own centroid (the position was not typed in)."""
    try:
        place = locate_zip(zip_code)
    except RuleError:
        return False
    return (place.lat, place.lon) == (lat, lon)


def _within(value: object, bound: float) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and -bound <= value <= bound


def latitude_problem(value: object) -> str | None:
    """Why ``value`` cannot be a typed latitude (None: it can, or none is typed); NaN fails the comparison."""
    return None if value is None or _within(value, 90) else LATITUDE_MESSAGE


def longitude_problem(value: object) -> str | None:
    """Why ``value`` cannot be a typed longitude (None: it can, or none is typed)."""
    return None if value is None or _within(value, 180) else LONGITUDE_MESSAGE
