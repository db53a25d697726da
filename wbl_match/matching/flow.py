"""Exact lexicographic optimum by min-cost flow (OR-Tools ``SimpleMinCostFlow``).

Graph: source → each student (capacity 1) → each feasible slot (capacity 1,
the pair's cost) → sink (the slot's capacity). ``solve_max_flow_with_min_cost``
returns the maximum flow of least cost: most students placed, then least
total cost, which is the spec's objective exactly.

Ties. The network is built in a canonical order (students and slots sorted
by id) and the solver is single-threaded and deterministic, so the same round
always gives the same assignment. Optionally (``solve(..., tie_break=True)``)
the choice among equal optima is also made a property of the ids alone: every
arc cost becomes ``K × cost + tie`` where ``tie`` in ``[0, T)`` is a hash of the
two ids and ``K`` exceeds the largest possible sum of ties, so the true optimum
is kept. ``T`` shrinks (down to 1, no tie-break) when ``K × cost`` could
overflow the solver's int64 arithmetic, which scales costs by the number of
nodes. It is off by default: the wider cost range doubled the flow time on the
L benchmark (bench/RESULTS.md).
"""

import zlib
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

#: The solver multiplies costs by (nodes + 1); keep the product well inside int64.
_COST_BUDGET = 2**62
TIE_RANGES = (64, 16, 4, 2, 1)


@dataclass(frozen=True)
class FlowSolution:
    """Which pairs were chosen, the true total cost and the tie range used."""

    chosen: np.ndarray
    total_cost: int
    tie_range: int


def solve_flow(s: np.ndarray, j: np.ndarray, cost: np.ndarray, capacity: np.ndarray,
               n_students: int, tie: np.ndarray | None = None) -> FlowSolution:
    """Max-cardinality, min-cost assignment of students to slots over the given pairs.

    ``s``/``j`` are pair indexes, ``cost`` their true costs, ``capacity`` the free
    places per slot, ``tie`` an optional uint64 hash per pair. Returns a boolean
    mask of chosen pairs.
    """
    if len(s) == 0 or n_students == 0:
        return FlowSolution(np.zeros(len(s), dtype=bool), 0, 1)
    n_slots = len(capacity)
    nodes = n_students + n_slots + 2
    most_placed = int(min(n_students, capacity.sum()))
    t_range, scale = tie_scale(int(cost.max(initial=0)), most_placed, nodes) if tie is not None else (1, 1)
    arc_cost = cost * scale if scale != 1 else cost  # no copy of a large array when there is no tie-break
    if t_range > 1:
        arc_cost = arc_cost + (tie % np.uint64(t_range)).astype(np.int64)
    flows = _run(s, j, arc_cost, capacity, n_students)
    chosen = flows > 0
    return FlowSolution(chosen, int(cost[chosen].sum()), t_range)


def tie_scale(max_cost: int, most_placed: int, nodes: int) -> tuple[int, int]:
    """Largest tie range T (and its scale K) whose scaled costs cannot overflow."""
    for t_range in TIE_RANGES:
        scale = most_placed * (t_range - 1) + 1
        if (max_cost * scale + t_range) * (nodes + 1) < _COST_BUDGET:
            return t_range, scale
    return 1, 1


def pair_ties(student_ids, slot_ids, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """A deterministic pseudo-random uint64 per pair, from the two ids only."""
    hs = np.array([zlib.crc32(x.encode()) for x in student_ids], dtype=np.uint64)
    hj = np.array([zlib.crc32(x.encode()) for x in slot_ids], dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = hs[s] * np.uint64(0x9E3779B97F4A7C15) ^ hj[j] * np.uint64(0xC2B2AE3D27D4EB4F)
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


#: Pair arcs handed to OR-Tools per call: bounds the int64 copies the bindings need.
ARC_BATCH = 8_000_000


def _run(s, j, arc_cost, capacity, n_students) -> np.ndarray:
    """Build the network with vectorised calls, solve, return the flow on each pair arc."""
    n_slots = len(capacity)
    source, sink = n_students + n_slots, n_students + n_slots + 1
    smcf = min_cost_flow.SimpleMinCostFlow()
    students = np.arange(n_students, dtype=np.int64)
    slots = np.arange(n_slots, dtype=np.int64)
    smcf.add_arcs_with_capacity_and_unit_cost(
        np.full(n_students, source, dtype=np.int64), students,
        np.ones(n_students, dtype=np.int64), np.zeros(n_students, dtype=np.int64))
    batches = []
    for first in range(0, len(s), ARC_BATCH):
        part = slice(first, first + ARC_BATCH)
        batches.append(smcf.add_arcs_with_capacity_and_unit_cost(
            s[part].astype(np.int64), n_students + j[part].astype(np.int64),
            np.ones(len(s[part]), dtype=np.int64), arc_cost[part].astype(np.int64, copy=False)))
    smcf.add_arcs_with_capacity_and_unit_cost(
        n_students + slots, np.full(n_slots, sink, dtype=np.int64),
        capacity.astype(np.int64), np.zeros(n_slots, dtype=np.int64))
    smcf.set_nodes_supplies(np.array([source, sink]), np.array([n_students, -n_students]))
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = np.concatenate([smcf.flows(arcs) for arcs in batches]) if batches else np.zeros(0, np.int64)
    return flows
