"""``solve``: one round in, one checked result out.

data → feasible pairs → mechanism (flow or deferred acceptance) → explanations
→ independent validity check.
"""

import time

import numpy as np

from .allocation import cycle_collector_paused
from .compiled import Compiled, compile_round
from .costs import pair_costs
from .errors import InvalidResultError, RoundFileError
from .explain import explain
from .feasibility import Pairs, evaluate, feasible_pairs
from .flow import pair_ties, solve_flow
from .instance import Round
from .references import check_references, is_checked
from .result import Placement, Result, SlotFill
from .stable import stable_matching
from .validity import check_validity


def solve(round_: Round, *, tie_break: bool = False) -> Result:
    """Solve a round with its policy's mechanism and return a validated ``Result``.

    Both mechanisms are exact polynomial algorithms that run to the end, so the
    status is always ``optimal``. ``tie_break`` picks among equal optima by a
    hash of the ids (see flow.py; slower on large rounds). Raises ``RoundFileError`` if the round breaks
    the format (a ``Round`` built by hand is checked like a file), and
    ``InvalidResultError`` if the independent check rejects the result.
    """
    with cycle_collector_paused():
        return _solve(round_, tie_break)


def _solve(round_: Round, tie_break: bool) -> Result:
    seconds: dict = {}
    cpu: dict[str, float] = {}
    start = lap = time.perf_counter()
    cpu_start = cpu_lap = time.process_time()

    def tick(name: str) -> None:
        nonlocal lap, cpu_lap
        now, cpu_now = time.perf_counter(), time.process_time()
        seconds[name], cpu[name] = round(now - lap, 4), round(cpu_now - cpu_lap, 4)
        lap, cpu_lap = now, cpu_now

    if not is_checked(round_):  # load_round has checked it already
        check_references(round_)
    c = compile_round(round_)
    tick("prepare")
    pairs = feasible_pairs(c)
    tick("feasible_pairs")
    s, j, cost, tie_range = _assign(c, pairs, tie_break)
    tick("solve")
    placed = np.zeros(c.n_students, dtype=bool)
    placed[s] = True
    filled = np.bincount(j, minlength=c.n_slots)
    unplaced = explain(c, pairs, placed, filled)
    tick("explain")
    stats = {"students": c.n_students, "slots": c.n_slots, "feasible_pairs": len(pairs),
             "tie_break_range": tie_range, "seconds": seconds}
    result = _result(c, s, j, cost, filled, unplaced, stats)
    problems = check_validity(round_, result)
    if problems:
        raise InvalidResultError(problems)
    tick("check")
    seconds["total"] = round(time.perf_counter() - start, 4)
    cpu["total"] = round(time.process_time() - cpu_start, 4)
    seconds["cpu"] = cpu  # the same phases in CPU seconds of this process: less disturbed by a busy machine
    return result


def _assign(c: Compiled, pairs: Pairs, tie_break: bool):
    """Run the mechanism; return placed (student, slot, cost) arrays sorted by student."""
    cost = pair_costs(c, pairs.s, pairs.j, pairs.dist)
    if c.round.policy.mechanism == "stable":
        chosen = stable_matching(c, pairs.s, pairs.j)
        s, j, cost, tie_range = pairs.s[chosen], pairs.j[chosen], cost[chosen], 1
    else:
        s, j, cost, tie_range = _optimal(c, pairs, cost, tie_break)
    order = np.argsort(s, kind="stable")
    return s[order], j[order], cost[order], tie_range


def _optimal(c: Compiled, pairs: Pairs, cost: np.ndarray, tie_break: bool):
    pin_s, pin_j = c.pin_s, c.pin_j
    dist, fails = evaluate(c, pin_s, pin_j)
    if np.any(fails):
        bad = int(np.flatnonzero(fails)[0])
        raise RoundFileError("pins", f'"{c.students[pin_s[bad]].id}" cannot take "{c.slots[pin_j[bad]].id}"')
    pin_cost = pair_costs(c, pin_s, pin_j, dist)
    capacity = c.j_capacity - np.bincount(pin_j, minlength=c.n_slots)
    if np.any(capacity < 0) or len(np.unique(pin_s)) < len(pin_s):
        raise RoundFileError("pins", "more pins than places, or a student pinned twice")
    if len(pin_s):
        free = ~np.isin(pairs.s, pin_s)
        fs, fj, fc = pairs.s[free], pairs.j[free], cost[free]
    else:
        fs, fj, fc = pairs.s, pairs.j, cost
    ties = pair_ties([x.id for x in c.students], [x.id for x in c.slots], fs, fj) if tie_break else None
    flow = solve_flow(fs, fj, fc, capacity, c.n_students, ties)
    return (np.concatenate([pin_s, fs[flow.chosen]]), np.concatenate([pin_j, fj[flow.chosen]]),
            np.concatenate([pin_cost, fc[flow.chosen]]), flow.tie_range)


def _result(c: Compiled, s, j, cost, filled, unplaced, stats) -> Result:
    students, slots = c.students, c.slots
    placements = tuple(Placement(students[a].id, slots[b].id, int(k))
                       for a, b, k in zip(s.tolist(), j.tolist(), cost.tolist()))
    fills = tuple(SlotFill(slot.id, slot.capacity, int(n)) for slot, n in zip(slots, filled.tolist()))
    return Result("optimal", c.round.policy.mechanism, placements, tuple(unplaced), fills, stats)
