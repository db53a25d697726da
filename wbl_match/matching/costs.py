"""Pair costs: the explicit ``costs`` of the round, else the derived cost.

The derived cost (documented in docs/engine.md) adds three terms, all integers:

* preference: ``10 × rank`` (0-based, rank capped at 20) when the student lists
  the slot; 300 when the student lists other slots but not this one; 100 when
  the student lists no slots at all;
* sector: ``15 × rank`` (0-based, capped at 4) of the slot's sector in the
  student's interests; 100 when the sector is not among them (possible only
  under ``sector_rule: preferred``);
* travel: whole km from home to site, rounded half up, capped at 100; 0 for a
  remote slot.

So a first-choice slot in the first sector 3 km away costs 0 + 0 + 3 = 3. Under ``pathway_rule:
preferred`` a fourth term is added, the pathway term of ``pathways.py`` (0, 10 or 20).
"""

import math

import numpy as np

from . import pathways
from .compiled import Compiled
from .feasibility import lookup, member, sector_rank
from .instance import Policy, Slot, Student

PREF_STEP, PREF_RANK_CAP, PREF_UNLISTED, PREF_NONE = 10, 20, 300, 100
SECTOR_STEP, SECTOR_RANK_CAP, SECTOR_UNLISTED = 15, 4, 100
TRAVEL_CAP_KM = 100


def pair_costs(c: Compiled, s: np.ndarray, j: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Cost of each pair (int64): the listed cost when ``costs`` has it, else derived."""
    keys = c.pair_key(s, j)
    derived = derived_costs(c, s, j, dist, keys)
    if len(c.cost_key) == 0:
        return derived
    listed = member(keys, c.cost_key)
    return np.where(listed, lookup(keys, c.cost_key, c.cost_val, 0), derived).astype(np.int64)


#: Up to this many choices per student, ranks are found in a dense student × rank table.
DENSE_PREFERENCES = 8


def preference_ranks(c: Compiled, s: np.ndarray, j: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """0-based rank of each pair's slot in the student's ``preferences``; -1 when not listed.

    Lists are short, so a table ``slot listed at rank r by student`` is compared rank by rank
    (two gathers per rank), which is much faster than a binary search per pair.
    """
    m = max(1, c.n_slots)
    owner, slot = c.pref_key // m, c.pref_key % m
    longest = int(c.pref_rank.max(initial=-1)) + 1
    if longest > DENSE_PREFERENCES:
        return lookup(keys, c.pref_key, c.pref_rank, -1)
    rank = np.full(len(s), -1, dtype=np.int64)
    for r in range(longest):
        at_r = c.pref_rank == r
        table = np.full(c.n_students, -1, dtype=np.int64)
        table[owner[at_r]] = slot[at_r]
        rank[table.take(s) == j] = r
    return rank


def derived_costs(c: Compiled, s, j, dist, keys) -> np.ndarray:
    """The derived cost of each pair, vectorised (see the module docstring)."""
    has_prefs = np.bincount(c.pref_key // max(1, c.n_slots), minlength=c.n_students) > 0
    rank = preference_ranks(c, s, j, keys)
    pref = np.where(rank >= 0, PREF_STEP * np.minimum(rank, PREF_RANK_CAP),
                    np.where(has_prefs[s], PREF_UNLISTED, PREF_NONE))
    srank = sector_rank(c, s, j)
    sector = np.where(srank >= 0, SECTOR_STEP * np.minimum(srank, SECTOR_RANK_CAP), SECTOR_UNLISTED)
    travel = np.minimum(np.floor(dist + 0.5), TRAVEL_CAP_KM).astype(np.int64)
    total = (pref + sector + np.where(c.j_remote[j], 0, travel)).astype(np.int64)
    if c.round.policy.pathway_rule == "preferred":
        total += pathways.costs(c, s, j)
    return total


def derived_cost(student: Student, slot: Slot, distance_km: float | None, policy: Policy | None = None) -> int:
    """The derived cost of one pair, in plain Python (the reference for the checker)."""
    prefs = student.preferences or ()
    if slot.id in prefs:
        pref = PREF_STEP * min(prefs.index(slot.id), PREF_RANK_CAP)
    else:
        pref = PREF_UNLISTED if prefs else PREF_NONE
    sectors = student.sectors or ()
    if slot.sector in sectors:
        sector = SECTOR_STEP * min(sectors.index(slot.sector), SECTOR_RANK_CAP)
    else:
        sector = SECTOR_UNLISTED
    travel = 0 if slot.remote or distance_km is None else min(math.floor(distance_km + 0.5), TRAVEL_CAP_KM)
    return pref + sector + travel + (0 if policy is None else pathways.cost(student, slot, policy))
