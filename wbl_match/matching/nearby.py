"""Rule checks around unplaced students, for explanations and what-ifs.

For each unplaced student we look a little beyond its travel limit (twice the
limit, at least 10 km more) at slots of every sector, and evaluate every rule
on those pairs. Students who have feasible slots (all taken) only look at
slots that still have free places, since only those could take them.
"""

from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .feasibility import (AGE, CERT, DISTANCE, FAILS, GRADE, PATHWAY, RANK, SCHEDULE, SECTOR, WORK_HOURS, evaluate,
                          nearby_pairs, schedule_shortfall)
from .grid import SlotGrid, build_grid, candidate_ranges

MIN_EXTRA_KM = 10.0
#: The rules a what-if can relax, one at a time (an exclusion is the coordinator's and is never offered).
WHAT_IF_BITS = np.array([SECTOR, DISTANCE, SCHEDULE, CERT, GRADE, AGE, RANK, WORK_HOURS, PATHWAY], dtype=FAILS)
CHUNK_STUDENTS = 20_000


@dataclass(frozen=True)
class Evaluated:
    """Pairs near unplaced students with distance, rule bits and schedule shortfall.

    ``shortfall`` (minutes of the slot's schedule that do not fit) is computed for the pairs that break
    rule 3 alone, the only ones whose what-if it prices; it is 0 for the others.
    """

    s: np.ndarray
    j: np.ndarray
    dist: np.ndarray
    fails: np.ndarray
    shortfall: np.ndarray


def search_radius(limit_km: np.ndarray) -> np.ndarray:
    """How far to look for near misses: twice the limit, and at least 10 km beyond it."""
    return np.where(np.isinf(limit_km), np.inf, limit_km + np.maximum(limit_km, MIN_EXTRA_KM))


def near_grids(c: Compiled, open_slot: np.ndarray) -> tuple[SlotGrid, SlotGrid]:
    """The slot indexes of ``evaluate_near``: every slot, and the slots with free places."""
    every = build_grid(c.j_lat, c.j_lon, c.j_remote, c.j_sector, by_sector=False)
    free = build_grid(c.j_lat, c.j_lon, c.j_remote, c.j_sector, by_sector=False, keep=open_slot)
    return every, free


def near_counts(c: Compiled, grid: SlotGrid, students: np.ndarray) -> np.ndarray:
    """How many candidate pairs ``evaluate_near`` will make for each of ``students`` (sorted)."""
    if len(students) == 0:
        return np.zeros(0, dtype=np.int64)
    owner, lo, hi = candidate_ranges(grid, students, np.zeros(len(students), dtype=np.int64), c.s_lat[students],
                                     c.s_lon[students], search_radius(c.s_limit[students]))
    row = np.searchsorted(students, owner)
    return np.bincount(row, weights=np.maximum(hi - lo, 0), minlength=len(students)).astype(np.int64)


def evaluate_near(c: Compiled, no_feasible: np.ndarray, taken: np.ndarray, open_slot: np.ndarray,
                  grids: tuple[SlotGrid, SlotGrid] | None = None) -> Evaluated:
    """Evaluate every rule on pairs near the given students (index arrays).

    ``grids``: the result of ``near_grids(c, open_slot)`` when the caller has it already.
    """
    every, free = grids or near_grids(c, open_slot)
    parts = [_empty()] + _evaluate(c, no_feasible, every) + _evaluate(c, taken, free, what_ifs_only=True)
    return Evaluated(*(_join(parts, k) for k in range(5)))


def _join(parts: list, k: int) -> np.ndarray:
    """Column ``k`` of every chunk in one array (one copy), releasing the chunks' columns."""
    out = np.concatenate([p[k] for p in parts])
    for p in parts:
        p[k] = None
    return out


def _evaluate(c: Compiled, students: np.ndarray, grid: SlotGrid, what_ifs_only: bool = False) -> list:
    """Evaluated pairs near ``students``, chunk by chunk; with ``what_ifs_only`` only the pairs that break
    exactly one rule a what-if can change (all that a student with feasible slots needs explained)."""
    parts = []
    for first in range(0, len(students), CHUNK_STUDENTS):
        chunk = students[first:first + CHUNK_STUDENTS]
        s, j = nearby_pairs(c, grid, chunk, search_radius(c.s_limit[chunk]))
        dist, fails = evaluate(c, s, j)
        if what_ifs_only:
            keep = np.flatnonzero(np.isin(fails, WHAT_IF_BITS))
            s, j, dist, fails = s.take(keep), j.take(keep), dist.take(keep), fails.take(keep)
        parts.append([s, j, dist, fails, _shortfall(c, s, j, fails)])
    return parts


def _shortfall(c: Compiled, s: np.ndarray, j: np.ndarray, fails: np.ndarray) -> np.ndarray:
    """Minutes of the schedule that do not fit, for the pairs that break rule 3 alone (what-ifs use no other)."""
    out = np.zeros(len(s), dtype=np.int32)
    only = np.flatnonzero(fails == SCHEDULE)
    out[only] = schedule_shortfall(c, s[only], j[only])
    return out


def _empty() -> list:
    i, f = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)  # the dtypes of the chunks
    return [i, i, f, np.zeros(0, dtype=FAILS), i]
