"""The round as frozen dataclasses, and its conversion back to a round file.

Parsing and validation live in ``parsing.py``; these classes only hold data.
Optional fields keep ``None`` for "absent" because absence has its own meaning
in the spec (no ``availability`` means "free at any time", while an empty list
means "never free").
"""

from dataclasses import dataclass

from .constants import DAYS, ROUND_FORMAT


@dataclass(frozen=True, slots=True)
class Interval:
    """A weekly interval: ``day`` 0 (Monday) … 6, ``start``/``end`` minutes after midnight."""

    day: int
    start: int
    end: int

    def to_dict(self) -> dict:
        """Return the round-file form ``{"day", "start", "end"}``."""
        return {"day": DAYS[self.day], "start": format_time(self.start), "end": format_time(self.end)}


@dataclass(frozen=True, slots=True)
class Point:
    """WGS84 coordinates in degrees."""

    lat: float
    lon: float

    def to_dict(self) -> dict:
        """Return ``{"lat", "lon"}``."""
        return {"lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class Travel:
    """A student's travel limits: straight-line km and/or minutes by a mode."""

    max_km: float | None = None
    mode: str | None = None
    max_minutes: float | None = None

    def to_dict(self) -> dict:
        """Return the ``travel`` object with only the fields that are set."""
        out = {"max_km": self.max_km, "mode": self.mode, "max_minutes": self.max_minutes}
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True, slots=True)
class Student:
    """One student, under an opaque id."""

    id: str
    home: Point | None = None
    school: str | None = None
    grade: int | None = None
    age: int | None = None
    travel: Travel = Travel()
    sectors: tuple[str, ...] | None = None
    availability: tuple[Interval, ...] | None = None
    certifications: tuple[str, ...] = ()
    preferences: tuple[str, ...] | None = None
    pathway: str | None = None

    def to_dict(self) -> dict:
        """Return the round-file form of the student."""
        out: dict = {"id": self.id}
        _put(out, "school", self.school)
        _put(out, "grade", self.grade)
        _put(out, "age", self.age)
        _put(out, "home", self.home and self.home.to_dict())
        _put(out, "travel", self.travel.to_dict() or None)
        _put(out, "sectors", _list(self.sectors))
        _put(out, "availability", _intervals(self.availability))
        _put(out, "certifications", list(self.certifications) or None)
        _put(out, "preferences", _list(self.preferences))
        _put(out, "pathway", self.pathway)
        return out


@dataclass(frozen=True, slots=True)
class Slot:
    """One placement slot offered by an employer."""

    id: str
    capacity: int
    sector: str | None = None
    employer: str | None = None
    site: Point | None = None
    remote: bool = False
    schedule: tuple[Interval, ...] = ()
    min_grade: int | None = None
    min_age: int | None = None
    requires: tuple[str, ...] = ()
    ranking: tuple[str, ...] | None = None
    pathways: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Return the round-file form of the slot."""
        out: dict = {"id": self.id}
        _put(out, "employer", self.employer)
        _put(out, "sector", self.sector)
        out["capacity"] = self.capacity
        _put(out, "site", self.site and self.site.to_dict())
        out["remote"] = self.remote
        _put(out, "schedule", _intervals(self.schedule) or None)
        _put(out, "min_grade", self.min_grade)
        _put(out, "min_age", self.min_age)
        _put(out, "requires", list(self.requires) or None)
        _put(out, "ranking", _list(self.ranking))
        _put(out, "pathways", list(self.pathways) or None)
        return out


@dataclass(frozen=True, slots=True)
class Pair:
    """A student–slot pair, as used by ``pins`` and ``exclusions``."""

    student: str
    slot: str

    def to_dict(self) -> dict:
        """Return ``{"student", "slot"}``."""
        return {"student": self.student, "slot": self.slot}


@dataclass(frozen=True, slots=True)
class CostEntry:
    """An explicit cost for one pair."""

    student: str
    slot: str
    cost: int

    def to_dict(self) -> dict:
        """Return ``{"student", "slot", "cost"}``."""
        return {"student": self.student, "slot": self.slot, "cost": self.cost}


@dataclass(frozen=True, slots=True)
class WorkBand:
    """One age band of work-hour limits (rule 7); hours as numbers, times in minutes; None: no limit."""

    max_age: int
    school_day_hours: float | None = None
    other_day_hours: float | None = None
    school_week_hours: float | None = None
    vacation_week_hours: float | None = None
    earliest: int | None = None
    latest: int | None = None
    latest_before_other_day: int | None = None

    def to_dict(self) -> dict:
        """Return the band's round-file form, with only the fields that are set."""
        out: dict = {"max_age": self.max_age}
        for key in ("school_day_hours", "other_day_hours", "school_week_hours", "vacation_week_hours"):
            _put(out, key, getattr(self, key))
        for key in ("earliest", "latest", "latest_before_other_day"):
            value = getattr(self, key)
            _put(out, key, None if value is None else format_time(value))
        return out


@dataclass(frozen=True, slots=True)
class Policy:
    """Round-wide rules: mechanism, sector rule, only-ranked, and the work-hour and pathway rules."""

    mechanism: str = "optimal"
    sector_rule: str = "required"
    only_ranked: bool = False
    term: str = "school"
    work_limits: tuple[WorkBand, ...] | None = None
    max_week_hours: float | None = None
    pathway_rule: str = "off"

    def to_dict(self) -> dict:
        """Return the ``policy`` object (the rule-7 and rule-8 fields only when they are not the default)."""
        out = {"mechanism": self.mechanism, "sector_rule": self.sector_rule, "only_ranked": self.only_ranked}
        if self.term != "school":
            out["term"] = self.term
        if self.work_limits is not None:
            out["work_limits"] = [band.to_dict() for band in self.work_limits]
        _put(out, "max_week_hours", self.max_week_hours)
        if self.pathway_rule != "off":
            out["pathway_rule"] = self.pathway_rule
        return out


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Round:
    """A whole match round. Build it with ``load_round`` to have it validated."""

    students: tuple[Student, ...] = ()
    slots: tuple[Slot, ...] = ()
    policy: Policy = Policy()
    name: str | None = None
    costs: tuple[CostEntry, ...] = ()
    pins: tuple[Pair, ...] = ()
    exclusions: tuple[Pair, ...] = ()

    def to_dict(self) -> dict:
        """Return a spec-conformant ``wbl-match-round/1`` dict."""
        out: dict = {"format": ROUND_FORMAT}
        _put(out, "name", self.name)
        out["policy"] = self.policy.to_dict()
        out["students"] = [s.to_dict() for s in self.students]
        out["slots"] = [s.to_dict() for s in self.slots]
        out["costs"] = [c.to_dict() for c in self.costs]
        out["pins"] = [p.to_dict() for p in self.pins]
        out["exclusions"] = [p.to_dict() for p in self.exclusions]
        return out


def format_time(minutes: int) -> str:
    """Format minutes after midnight as ``HH:MM``."""
    if 0 <= minutes <= 1440:
        return _CLOCK[minutes]  # explanations format a few hundred thousand times
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_CLOCK = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(1441))


def _put(out: dict, key: str, value) -> None:
    if value is not None:
        out[key] = value


def _list(values):
    return None if values is None else list(values)


def _intervals(values):
    return None if values is None else [iv.to_dict() for iv in values]
