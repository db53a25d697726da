"""``check_validity``: an independent check of a result against its round.

Plain Python over the round's dataclasses: no OR-Tools, no numpy, none of the
vectorised feasibility code. It re-checks the rules of every placement with
``rules.py``, capacities, one slot per student, pins, costs and the bookkeeping
of the result. It does not prove optimality; the tests do that.
"""

from collections import Counter

from .costs import derived_cost
from .result import Result
from .rules import RULE_CODES, distance_km, pair_failures
from .instance import Round

REASON_CODES = frozenset(RULE_CODES) | {"no_feasible_slot", "capacity_taken"}
STATUSES = ("optimal", "feasible", "infeasible")


def check_validity(round_: Round, result: Result) -> list[str]:
    """Return the list of problems found in ``result`` (empty when it is valid)."""
    students = {s.id: s for s in round_.students}
    slots = {s.id: s for s in round_.slots}
    problems: list[str] = []
    problems += _check_header(round_, result)
    problems += _check_placements(round_, result, students, slots)
    problems += _check_unplaced(result, students)
    problems += _check_slots(result, slots)
    return problems


def _check_header(round_: Round, result: Result) -> list[str]:
    problems = []
    if result.status not in STATUSES:
        problems.append(f"status {result.status!r} is not one of {STATUSES}")
    if result.mechanism != round_.policy.mechanism:
        problems.append(f"mechanism {result.mechanism!r} differs from the round's policy")
    return problems


def _check_placements(round_: Round, result: Result, students: dict, slots: dict) -> list[str]:
    problems = []
    ids = [p.student for p in result.placements]
    if ids != sorted(ids):
        problems.append("placements are not sorted by student id")
    for student, times in Counter(ids).items():
        if times > 1:
            problems.append(f"student {student} is placed {times} times")
    excluded = {(p.student, p.slot) for p in round_.exclusions}
    listed = {(c.student, c.slot): c.cost for c in round_.costs}
    for p in result.placements:
        if p.student not in students or p.slot not in slots:
            problems.append(f"placement {p.student} → {p.slot} names an unknown id")
            continue
        problems += _check_pair(round_, students[p.student], slots[p.slot], p, excluded, listed)
    placed = {(p.student, p.slot) for p in result.placements}
    problems += [f"pin {pin.student} → {pin.slot} is not kept" for pin in round_.pins
                 if (pin.student, pin.slot) not in placed]
    return problems


def _check_pair(round_, student, slot, placement, excluded: set, listed: dict) -> list[str]:
    problems = []
    d = distance_km(student, slot)
    broken = pair_failures(student, slot, round_.policy, (student.id, slot.id) in excluded, km=d)
    if broken:
        problems.append(f"{student.id} → {slot.id} breaks {', '.join(broken)}")
    if not _cost_ok(student, slot, listed, placement.cost, d, round_.policy):
        problems.append(f"{student.id} → {slot.id} has cost {placement.cost}, not its listed or derived cost")
    return problems


def _cost_ok(student, slot, listed: dict, cost: int, d: float | None, policy) -> bool:
    if (student.id, slot.id) in listed:
        return cost == listed[(student.id, slot.id)]
    if d is None:
        return cost == derived_cost(student, slot, None, policy)
    # Rounding of the travel term may differ in the last bit between numpy and math.
    return cost == derived_cost(student, slot, d, policy) or \
        any(cost == derived_cost(student, slot, d + e, policy) for e in (-1e-9, 1e-9))


def _check_unplaced(result: Result, students: dict) -> list[str]:
    problems = []
    placed = {p.student for p in result.placements}
    unplaced = [u.student for u in result.unplaced]
    if sorted(unplaced) != sorted(set(students) - placed):
        problems.append("unplaced does not list exactly the students without a placement")
    if unplaced != sorted(unplaced):
        problems.append("unplaced is not sorted by student id")
    for u in result.unplaced:
        if not u.reasons:
            problems.append(f"unplaced student {u.student} has no reason")
        problems += [f"unplaced student {u.student} has unknown reason {r.code!r}"
                     for r in u.reasons if r.code not in REASON_CODES]
    return problems


def _check_slots(result: Result, slots: dict) -> list[str]:
    problems = []
    filled = Counter(p.slot for p in result.placements)
    for slot_id, count in filled.items():
        if slot_id in slots and count > slots[slot_id].capacity:
            problems.append(f"slot {slot_id} takes {count} students, capacity {slots[slot_id].capacity}")
    reported = {f.slot: f for f in result.slots}
    if set(reported) != set(slots):
        problems.append("slots does not list every slot exactly once")
    for slot_id, fill in reported.items():
        if slot_id in slots and (fill.capacity != slots[slot_id].capacity or fill.filled != filled[slot_id]):
            problems.append(f"slot {slot_id} reports capacity {fill.capacity}, filled {fill.filled}")
    return problems
