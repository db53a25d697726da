"""Reading round files: JSON → validated, frozen ``Round``.

Structure and value ranges are checked here, field by field; cross-references
(duplicate ids, unknown ids, impossible pins) in ``references.py``. Every error
is a ``RoundFileError`` naming its place, e.g. ``slots[12].schedule[0].end``.

A file is first read by ``typed_reading.py`` (typed decoding in C); anything unusual there sends it
through the plain reader here, which is the statement of the rules and of every message.

Weekly intervals, travel limits, sector lists and certificate lists repeat
across thousands of students and slots: each distinct value is validated once
per file and the same frozen tuple or object is shared (``_Memo``). Besides
saving time, the sharing lets ``compiled.py`` work once per distinct value.
"""

import json

from . import fields as f
from . import typed_reading, work_hours
from .constants import (DAY_INDEX, DAYS, MAX_EXPLICIT_COST, MECHANISMS, PATHWAY_RULES, ROUND_FORMAT, SECTOR_RULES,
                        SECTORS)
from .allocation import cycle_collector_paused
from .errors import RoundFileError
from .instance import CostEntry, Interval, Pair, Point, Policy, Round, Slot, Student, Travel
from .references import check_references, mark_checked
from .travel import TRAVEL_MODES


class _Memo(dict):
    """Validated values by a key of their raw JSON form, for one file."""

    def shared(self, kind: str, key, build):
        """Return the value cached under ``(kind, key)``, else ``build()`` (cached when valid).

        ``key`` is None when the raw value has no simple form; ``build`` raises for invalid values, so
        only valid values are ever cached (and a key determines its value).
        """
        if key is None:
            return build()
        full = (kind, key)
        try:
            value = self.get(full)
        except TypeError:  # unhashable parts: a malformed value, validated the long way
            return build()
        if value is None:
            value = self[full] = build()
        return value


def _typed(value) -> tuple | None:
    """A hashable key of a JSON scalar list that tells types apart (1, 1.0 and true differ)."""
    if type(value) is not list:
        return None
    return tuple((type(x), x) for x in value)


def read_round_file(path) -> Round:
    """Read and validate a round file from disk; raise ``RoundFileError`` on any problem."""
    try:
        with open(path, "rb") as handle:
            text = handle.read()
    except OSError as exc:
        raise RoundFileError(str(path), f"cannot read file ({exc.strerror or exc})") from None
    return round_from_json(text, str(path))


def round_from_json(text: bytes, source: str = "round") -> Round:
    """Validate a round file's JSON text; ``source`` names it in the message when it is not JSON at all."""
    with cycle_collector_paused():
        try:
            rest, students, slots = typed_reading.decode_file(text)
            round_ = _typed_round(rest, students, slots)
        except (typed_reading.Unusual, RoundFileError):
            pass  # read it the plain way below, which names the first problem
        else:
            return _checked(round_)
        try:
            data = json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RoundFileError(source, f"not valid JSON ({exc})") from None
        return _plain_round(data)


def load_round(data: dict) -> Round:
    """Validate a round-file dict and return it as a frozen ``Round``.

    The input is never modified. Raises ``RoundFileError`` (``.path``,
    ``.message``) for the first problem found.
    """
    with cycle_collector_paused():
        return _plain_round(data)


def _typed_round(rest: dict, students, slots) -> Round:
    """The round from ``typed_reading``'s records; ``Unusual`` or ``RoundFileError`` when anything is off
    (the caller then reads it the plain way, so that the first problem is the one named)."""
    if not typed_reading.file_format_ok(rest):
        raise typed_reading.Unusual
    policy = _policy(rest.get("policy"))
    build = typed_reading.Builder(policy.sector_rule == "required", policy.mechanism == "stable")
    return Round(
        name=rest.get("name"), policy=policy, students=build.students(students), slots=build.slots(slots),
        costs=tuple(_cost(x, f"costs[{i}]") for i, x in enumerate(_optional_array(rest, "costs"))),
        pins=tuple(_pair(x, f"pins[{i}]") for i, x in enumerate(_optional_array(rest, "pins"))),
        exclusions=tuple(_pair(x, f"exclusions[{i}]") for i, x in enumerate(_optional_array(rest, "exclusions"))),
    )


def _checked(round_: Round) -> Round:
    check_references(round_)
    mark_checked(round_)
    return round_


def _plain_round(data: dict) -> Round:
    """The statement of a valid round file: every field checked in order, the first problem named."""
    f.as_object(data, "round")
    if data.get("format") != ROUND_FORMAT:
        raise RoundFileError("format", f'must be "{ROUND_FORMAT}"')
    policy = _policy(data.get("policy"))
    memo = _Memo()
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise RoundFileError("name", "must be a string")
    round_ = Round(
        name=name,
        policy=policy,
        students=tuple(_student(x, f"students[{i}]", policy, memo)
                       for i, x in enumerate(f.as_array(f.get(data, "students", "", True), "students"))),
        slots=tuple(_slot(x, f"slots[{i}]", policy, memo)
                    for i, x in enumerate(f.as_array(f.get(data, "slots", "", True), "slots"))),
        costs=tuple(_cost(x, f"costs[{i}]") for i, x in enumerate(_optional_array(data, "costs"))),
        pins=tuple(_pair(x, f"pins[{i}]") for i, x in enumerate(_optional_array(data, "pins"))),
        exclusions=tuple(_pair(x, f"exclusions[{i}]")
                         for i, x in enumerate(_optional_array(data, "exclusions"))),
    )
    return _checked(round_)


def _optional_array(data: dict, key: str) -> list:
    value = data.get(key)
    return [] if value is None else f.as_array(value, key)


def _policy(value) -> Policy:
    if value is None:
        return Policy()
    f.as_object(value, "policy")
    mechanism = value.get("mechanism", "optimal")
    sector_rule = value.get("sector_rule", "required")
    only_ranked = value.get("only_ranked", False)
    return Policy(
        mechanism=f.as_choice(mechanism, "policy.mechanism", MECHANISMS),
        sector_rule=f.as_choice(sector_rule, "policy.sector_rule", SECTOR_RULES),
        only_ranked=f.as_bool(only_ranked, "policy.only_ranked"),
        pathway_rule=f.as_choice(value.get("pathway_rule", "off"), "policy.pathway_rule", PATHWAY_RULES),
        **work_hours.read_policy_fields(value),
    )


def _student(value, path: str, policy: Policy, memo: _Memo) -> Student:
    obj = f.as_object(value, path)
    get = obj.get
    sectors = get("sectors")
    if sectors is None and policy.sector_rule == "required":
        raise RoundFileError(f"{path}.sectors", 'is required when sector_rule is "required"')
    preferences = get("preferences")
    if preferences is None and policy.mechanism == "stable":
        raise RoundFileError(f"{path}.preferences", 'is required when mechanism is "stable"')
    availability = get("availability")
    return Student(
        id=f.as_id(get("id"), f"{path}.id"),
        home=_point(get("home"), f"{path}.home"),
        school=_opt_str(get("school"), f"{path}.school"),
        grade=_opt_int(get("grade"), f"{path}.grade"),
        age=_opt_int(get("age"), f"{path}.age"),
        travel=_travel(get("travel"), f"{path}.travel", memo),
        sectors=None if sectors is None else memo.shared("sectors", _typed(sectors),
                                                         lambda: _sectors(sectors, f"{path}.sectors")),
        availability=None if availability is None else _intervals(availability, f"{path}.availability", memo),
        certifications=_strings(get("certifications"), f"{path}.certifications", memo),
        preferences=None if preferences is None else f.as_id_list(preferences, f"{path}.preferences"),
        pathway=None if (pathway := get("pathway")) is None else f.as_id(pathway, f"{path}.pathway"),
    )


def _slot(value, path: str, policy: Policy, memo: _Memo) -> Slot:
    obj = f.as_object(value, path)
    get = obj.get
    remote = f.as_bool(get("remote", False), f"{path}.remote")
    sector = get("sector")
    if sector is None and policy.sector_rule == "required":
        raise RoundFileError(f"{path}.sector", 'is required when sector_rule is "required"')
    if get("site") is None and not remote:
        raise RoundFileError(f"{path}.site", "is required unless the slot is remote")
    ranking = get("ranking")
    if ranking is None and policy.mechanism == "stable":
        raise RoundFileError(f"{path}.ranking", 'is required when mechanism is "stable"')
    schedule = get("schedule")
    return Slot(
        id=f.as_id(get("id"), f"{path}.id"),
        capacity=f.as_int(f.get(obj, "capacity", path, True), f"{path}.capacity", 1),
        sector=None if sector is None else f.as_choice(sector, f"{path}.sector", SECTORS),
        employer=_opt_str(get("employer"), f"{path}.employer"),
        site=_point(get("site"), f"{path}.site"),
        remote=remote,
        schedule=() if schedule is None else _intervals(schedule, f"{path}.schedule", memo),
        min_grade=_opt_int(get("min_grade"), f"{path}.min_grade"),
        min_age=_opt_int(get("min_age"), f"{path}.min_age"),
        requires=_strings(get("requires"), f"{path}.requires", memo),
        ranking=None if ranking is None else f.as_id_list(ranking, f"{path}.ranking"),
        pathways=_strings(get("pathways"), f"{path}.pathways", memo),
    )


def _point(value, path: str) -> Point | None:
    if value is None:
        return None
    obj = f.as_object(value, path)
    return Point(lat=f.as_number(f.get(obj, "lat", path, True), f"{path}.lat", -90, 90),
                 lon=f.as_number(f.get(obj, "lon", path, True), f"{path}.lon", -180, 180))


def _travel(value, path: str, memo: _Memo) -> Travel:
    if value is None:
        return Travel()
    key = None
    if type(value) is dict:
        key = tuple((k, type(v), v) for k, v in value.items() if k in ("max_km", "mode", "max_minutes"))
    return memo.shared("travel", key, lambda: _new_travel(value, path))


def _new_travel(value, path: str) -> Travel:
    obj = f.as_object(value, path)
    max_km, mode, minutes = obj.get("max_km"), obj.get("mode"), obj.get("max_minutes")
    if minutes is not None and mode is None:
        raise RoundFileError(f"{path}.mode", "is required when max_minutes is given")
    return Travel(
        max_km=None if max_km is None else f.as_positive(max_km, f"{path}.max_km"),
        mode=None if mode is None else f.as_choice(mode, f"{path}.mode", TRAVEL_MODES),
        max_minutes=None if minutes is None else f.as_positive(minutes, f"{path}.max_minutes"),
    )


def _sectors(value, path: str) -> tuple[str, ...]:
    codes = f.as_id_list(value, path)
    for i, code in enumerate(codes):
        f.as_choice(code, f"{path}[{i}]", SECTORS)
    return codes


def _intervals(value, path: str, memo: _Memo) -> tuple[Interval, ...]:
    return memo.shared("intervals", _interval_key(value), lambda: _new_intervals(value, path, memo))


def _interval_key(value) -> tuple | None:
    """The (day, start, end) values of a list of interval objects; None when it is not one."""
    if type(value) is not list or not all(type(x) is dict for x in value):
        return None
    try:
        return tuple((x["day"], x["start"], x["end"]) for x in value)
    except KeyError:
        return None


def _new_intervals(value, path: str, memo: _Memo) -> tuple[Interval, ...]:
    """A list seen for the first time: its intervals still repeat across the file (each person's own week
    is made of common afternoons), so each distinct (day, start, end) is validated once and shared.

    Only valid intervals are remembered, and their three values are strings, so a key never stands for
    two different intervals."""
    out = []
    for i, x in enumerate(f.as_array(value, path)):
        try:
            key = ("interval", x["day"], x["start"], x["end"])
            found = memo.get(key)
        except (TypeError, KeyError):  # not an object, a field missing, or an unhashable value
            key = found = None
        if found is None:
            found = _interval(x, f"{path}[{i}]")
            if key is not None:
                memo[key] = found
        out.append(found)
    return tuple(out)


def _interval(value, path: str) -> Interval:
    obj = f.as_object(value, path)
    day = f.as_choice(f.get(obj, "day", path, True), f"{path}.day", DAYS)
    start = f.as_time(f.get(obj, "start", path, True), f"{path}.start")
    end = f.as_time(f.get(obj, "end", path, True), f"{path}.end")
    if start == 1440:
        raise RoundFileError(f"{path}.start", "must be before 24:00")
    if end <= start:
        raise RoundFileError(f"{path}.end", "must be after start")
    return Interval(DAY_INDEX[day], start, end)


def _strings(value, path: str, memo: _Memo) -> tuple[str, ...]:
    if value is None:
        return ()
    return memo.shared("strings", _typed(value), lambda: _new_strings(value, path))


def _new_strings(value, path: str) -> tuple[str, ...]:
    items = f.as_array(value, path)
    for i, item in enumerate(items):
        f.as_id(item, f"{path}[{i}]")
    return tuple(dict.fromkeys(items))


def _opt_str(value, path: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise RoundFileError(path, "must be a string")
    return value


def _opt_int(value, path: str) -> int | None:
    # The bound only keeps the numbers inside int64 for the vectorised rules.
    return None if value is None else f.as_int(value, path, -1_000_000, 1_000_000)


def _pair(value, path: str) -> Pair:
    obj = f.as_object(value, path)
    return Pair(student=f.as_id(f.get(obj, "student", path, True), f"{path}.student"),
                slot=f.as_id(f.get(obj, "slot", path, True), f"{path}.slot"))


def _cost(value, path: str) -> CostEntry:
    obj = f.as_object(value, path)
    pair = _pair(obj, path)
    cost = f.as_int(f.get(obj, "cost", path, True), f"{path}.cost", 0, MAX_EXPLICIT_COST)
    return CostEntry(pair.student, pair.slot, cost)
