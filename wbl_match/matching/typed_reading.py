"""The fast way in: round files decoded straight into typed records, then checked value by value.

``parsing.py`` is the statement of what a valid round file is and of every message naming a problem. This
module only makes valid files quick to read: ``msgspec`` decodes the JSON text into typed records in C, checking every type on the way, and the values are then checked and frozen into
the same ``Round`` that ``parsing.load_round`` builds, sharing each distinct week, list and travel limit.

Whenever anything is unusual (a type ``msgspec`` refuses, a value out of range, a field missing, an
integer written as ``3.0``), this module gives up and the caller reads the file the plain way, which finds
the first problem and names it. So the messages are ``parsing.py``'s by construction, and a valid file
gives an equal ``Round`` either way (``tests/matching/test_typed_reading.py`` checks both on random and
broken rounds).
"""

from __future__ import annotations

import math
from typing import Any, Optional

import msgspec

from .constants import DAY_INDEX, ROUND_FORMAT, SECTORS
from .fields import TIMES
from .instance import Interval, Point, Slot, Student, Travel
from .travel import TRAVEL_MODES

_INT_BOUND = 1_000_000  # as parsing._opt_int
_SECTORS = frozenset(SECTORS)
_MODES = frozenset(TRAVEL_MODES)


class Unusual(Exception):
    """The fast reader stepped aside: read the file the plain way (which names the problem, if any)."""


class _Interval(msgspec.Struct, frozen=True):
    day: str
    start: str
    end: str


class _Point(msgspec.Struct):
    lat: float
    lon: float


class _Travel(msgspec.Struct, frozen=True):
    max_km: Optional[float] = None
    mode: Optional[str] = None
    max_minutes: Optional[float] = None


class _Student(msgspec.Struct):
    id: str
    home: Optional[_Point] = None
    school: Optional[str] = None
    grade: Optional[int] = None
    age: Optional[int] = None
    travel: Optional[_Travel] = None
    sectors: Optional[list[str]] = None
    availability: Optional[list[_Interval]] = None
    certifications: Optional[list[str]] = None
    preferences: Optional[list[str]] = None
    pathway: Optional[str] = None


class _Slot(msgspec.Struct):
    id: str
    capacity: int
    sector: Optional[str] = None
    employer: Optional[str] = None
    site: Optional[_Point] = None
    remote: bool = False
    schedule: Optional[list[_Interval]] = None
    min_grade: Optional[int] = None
    min_age: Optional[int] = None
    requires: Optional[list[str]] = None
    ranking: Optional[list[str]] = None
    pathways: Optional[list[str]] = None


_NULL = msgspec.Raw(b"null")


class _FileRound(msgspec.Struct):
    """A round file's text: students and slots typed; the small parts kept as raw JSON for ``parsing``."""

    format: str
    students: list[_Student]
    slots: list[_Slot]
    name: Any = None
    policy: msgspec.Raw = _NULL
    costs: msgspec.Raw = _NULL
    pins: msgspec.Raw = _NULL
    exclusions: msgspec.Raw = _NULL


_FILE_DECODER = msgspec.json.Decoder(_FileRound)
_RAW_DECODER = msgspec.json.Decoder()


def decode_file(text: bytes) -> tuple[dict, list[_Student], list[_Slot]]:
    """The round file's small parts as a dict (``format``, ``name``, ``policy``, ``costs``, ``pins``,
    ``exclusions``) and its students and slots as typed records; ``Unusual`` if msgspec refuses it."""
    try:
        raw = _FILE_DECODER.decode(text)
        rest = {"format": raw.format, "name": raw.name}
        for key in ("policy", "costs", "pins", "exclusions"):
            value = getattr(raw, key)
            rest[key] = None if value is _NULL else _RAW_DECODER.decode(value)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise Unusual from None
    return rest, raw.students, raw.slots


class Builder:
    """Freezes typed records into the engine's ``Student`` and ``Slot``, sharing each distinct value."""

    def __init__(self, sectors_required: bool, stable: bool) -> None:
        self._sectors_required, self._stable = sectors_required, stable
        self._weeks: dict = {}
        self._intervals: dict = {}
        self._travels: dict = {None: Travel()}
        self._lists: dict = {}
        self._sector_lists: dict = {}

    def students(self, records: list[_Student]) -> tuple[Student, ...]:
        return tuple(map(self._student, records))

    def slots(self, records: list[_Slot]) -> tuple[Slot, ...]:
        return tuple(map(self._slot, records))

    def _student(self, r: _Student) -> Student:
        if not r.id:
            raise Unusual
        if r.sectors is None:
            if self._sectors_required:
                raise Unusual
            sectors = None
        else:
            sectors = self._sector_list(r.sectors)
        if r.preferences is None:
            if self._stable:
                raise Unusual
            preferences = None
        else:
            preferences = _id_list(r.preferences)
        if r.pathway is not None and not r.pathway:
            raise Unusual
        return Student(
            id=r.id, home=_point(r.home), school=r.school, grade=_int(r.grade), age=_int(r.age),
            travel=self._travel(r.travel), sectors=sectors,
            availability=None if r.availability is None else self._week(r.availability),
            certifications=self._strings(r.certifications), preferences=preferences, pathway=r.pathway)

    def _slot(self, r: _Slot) -> Slot:
        if not r.id or r.capacity < 1:
            raise Unusual
        if r.sector is None:
            if self._sectors_required:
                raise Unusual
        elif r.sector not in _SECTORS:
            raise Unusual
        if r.site is None and not r.remote:
            raise Unusual
        if r.ranking is None:
            if self._stable:
                raise Unusual
            ranking = None
        else:
            ranking = _id_list(r.ranking)
        return Slot(
            id=r.id, capacity=r.capacity, sector=r.sector, employer=r.employer, site=_point(r.site),
            remote=r.remote, schedule=() if r.schedule is None else self._week(r.schedule),
            min_grade=_int(r.min_grade), min_age=_int(r.min_age), requires=self._strings(r.requires),
            ranking=ranking, pathways=self._strings(r.pathways))

    def _week(self, intervals: list[_Interval]) -> tuple[Interval, ...]:
        key = tuple(intervals)
        week = self._weeks.get(key)
        if week is None:
            week = self._weeks[key] = tuple(map(self._interval, intervals))
        return week

    def _interval(self, raw: _Interval) -> Interval:
        found = self._intervals.get(raw)
        if found is None:
            day, start, end = DAY_INDEX.get(raw.day), TIMES.get(raw.start), TIMES.get(raw.end)
            if day is None or start is None or end is None or start == 1440 or end <= start:
                raise Unusual
            found = self._intervals[raw] = Interval(day, start, end)
        return found

    def _travel(self, raw: _Travel | None) -> Travel:
        found = self._travels.get(raw)
        if found is None:
            max_km, mode, minutes = raw.max_km, raw.mode, raw.max_minutes
            if ((max_km is not None and not (math.isfinite(max_km) and max_km > 0))
                    or (minutes is not None and not (math.isfinite(minutes) and minutes > 0))
                    or (mode is not None and mode not in _MODES) or (minutes is not None and mode is None)):
                raise Unusual
            found = self._travels[raw] = Travel(max_km=max_km, mode=mode, max_minutes=minutes)
        return found

    def _strings(self, items: list[str] | None) -> tuple[str, ...]:
        if items is None:
            return ()
        key = tuple(items)
        found = self._lists.get(key)
        if found is None:
            if not all(items):
                raise Unusual
            found = self._lists[key] = tuple(dict.fromkeys(items))
        return found

    def _sector_list(self, items: list[str]) -> tuple[str, ...]:
        key = tuple(items)
        found = self._sector_lists.get(key)
        if found is None:
            if len(set(key)) != len(key) or not _SECTORS.issuperset(key):
                raise Unusual
            found = self._sector_lists[key] = key
        return found


def _point(raw: _Point | None) -> Point | None:
    if raw is None:
        return None
    lat, lon = raw.lat, raw.lon
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for NaN
        raise Unusual
    return Point(lat=lat, lon=lon)


def _int(value: int | None) -> int | None:
    if value is not None and not -_INT_BOUND <= value <= _INT_BOUND:
        raise Unusual
    return value


def _id_list(items: list[str]) -> tuple[str, ...]:
    key = tuple(items)
    if not all(key) or len(set(key)) != len(key):
        raise Unusual
    return key


def file_format_ok(rest: dict) -> bool:
    """True when the file says it is a ``wbl-match-round/1`` file and its name, if any, is a string."""
    return rest.get("format") == ROUND_FORMAT and (rest.get("name") is None or isinstance(rest["name"], str))
