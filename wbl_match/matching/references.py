"""Cross-reference checks of a parsed round: ids, references and pins."""

import weakref
from collections import Counter

from .errors import RoundFileError
from .instance import Round
from .rules import pair_failures


def check_references(round_: Round) -> None:
    """Raise ``RoundFileError`` for duplicate ids, unknown ids and impossible pins."""
    students = _index(round_.students, "students")
    slots = _index(round_.slots, "slots")
    _check_homes(round_)
    for i, student in enumerate(round_.students):
        _known(student.preferences or (), slots, f"students[{i}].preferences", "slot")
    for i, slot in enumerate(round_.slots):
        _known(slot.ranking or (), students, f"slots[{i}].ranking", "student")
    for name in ("costs", "pins", "exclusions"):
        _check_pairs(getattr(round_, name), name, students, slots)
    _check_pins(round_, students, slots)


#: Rounds that passed ``check_references`` (by id, with a weak reference that proves it is the same
#: object). A ``Round`` is deeply immutable, so the check need not be repeated by ``solve``.
_CHECKED: dict[int, weakref.ref] = {}


def mark_checked(round_: Round) -> None:
    """Remember that ``round_`` passed ``check_references`` (for as long as it lives)."""
    key = id(round_)
    _CHECKED[key] = weakref.ref(round_, lambda _ref, key=key: _CHECKED.pop(key, None))


def is_checked(round_: Round) -> bool:
    """True when this very object passed ``check_references`` before."""
    ref = _CHECKED.get(id(round_))
    return ref is not None and ref() is round_


def _index(items, name: str) -> dict:
    index: dict = {}
    for i, item in enumerate(items):
        if item.id in index:
            raise RoundFileError(f"{name}[{i}].id", f'duplicate id "{item.id}" (also {name}[{index[item.id]}])')
        index[item.id] = i
    return index


def _check_homes(round_: Round) -> None:
    if all(slot.remote for slot in round_.slots):
        return
    for i, student in enumerate(round_.students):
        if student.home is None:
            raise RoundFileError(f"students[{i}].home", "is required (some slots are not remote)")


def _known(ids, index: dict, path: str, kind: str) -> None:
    for j, item in enumerate(ids):
        if item not in index:
            raise RoundFileError(f"{path}[{j}]", f'unknown {kind} "{item}"')


def _check_pairs(pairs, name: str, students: dict, slots: dict) -> None:
    seen: dict = {}
    for i, pair in enumerate(pairs):
        if pair.student not in students:
            raise RoundFileError(f"{name}[{i}].student", f'unknown student "{pair.student}"')
        if pair.slot not in slots:
            raise RoundFileError(f"{name}[{i}].slot", f'unknown slot "{pair.slot}"')
        key = (pair.student, pair.slot)
        if key in seen:
            raise RoundFileError(f"{name}[{i}]", f"the same pair is listed twice (also {name}[{seen[key]}])")
        seen[key] = i


def _check_pins(round_: Round, students: dict, slots: dict) -> None:
    if round_.pins and round_.policy.mechanism == "stable":
        raise RoundFileError("pins", 'are not allowed with mechanism "stable"')
    problems = pin_problems(round_, students, slots)
    if problems:
        raise RoundFileError(*problems[0])


def pin_problems(round_: Round, students: dict | None = None, slots: dict | None = None) -> list[tuple[str, str]]:
    """Return ``(path, message)`` for every pin that breaks a rule, capacity or uniqueness."""
    students = students or {s.id: i for i, s in enumerate(round_.students)}
    slots = slots or {s.id: i for i, s in enumerate(round_.slots)}
    excluded = {(p.student, p.slot) for p in round_.exclusions}
    first_pin: dict[str, int] = {}
    per_slot: Counter = Counter()
    problems = []
    for i, pin in enumerate(round_.pins):
        student, slot = round_.students[students[pin.student]], round_.slots[slots[pin.slot]]
        if pin.student in first_pin:
            problems.append((f"pins[{i}]", f'student "{pin.student}" is already pinned (pins[{first_pin[pin.student]}])'))
        first_pin.setdefault(pin.student, i)
        failures = pair_failures(student, slot, round_.policy, (pin.student, pin.slot) in excluded)
        if failures:
            problems.append((f"pins[{i}]", f'"{pin.student}" cannot take "{pin.slot}": breaks {", ".join(failures)}'))
        per_slot[pin.slot] += 1
        if per_slot[pin.slot] == slot.capacity + 1:
            problems.append((f"pins[{i}]", f'slot "{pin.slot}" has capacity {slot.capacity} but more pins'))
    return problems
