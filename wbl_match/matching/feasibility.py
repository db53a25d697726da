"""Vectorised feasibility: which student–slot pairs pass every rule.

``candidates`` (grid.py) proposes the pairs near enough to matter; ``evaluate``
tests the spec's rules on them with numpy and returns one bit per broken rule.
The plain-Python statement of the same rules is ``rules.py``.
"""

from dataclasses import dataclass

import numpy as np

from . import pathways, work_hours
from .compiled import NONE, WEEK_SPAN, Compiled
from .constants import EARTH_RADIUS_KM
from .grid import SlotGrid, build_grid, candidates
from .rules import DISTANCE_TOLERANCE_KM
from .weeks import WeekBits, schedule_fits, week_bits

SECTOR, DISTANCE, SCHEDULE, GRADE, AGE, CERT, EXCLUDED, RANK, WORK_HOURS, PATHWAY = (1 << k for k in range(10))
INELIGIBLE = GRADE | AGE | CERT
#: (bits, reason code) in the order of the spec's reason codes.
RULE_BITS = ((SECTOR, "no_sector_match"), (DISTANCE, "too_far"), (SCHEDULE, "schedule_conflict"),
             (INELIGIBLE, "ineligible"), (WORK_HOURS, "work_hours"), (PATHWAY, "no_pathway_match"),
             (EXCLUDED, "excluded"), (RANK, "not_ranked"))
#: The type of the rule bits of a pair.
FAILS = np.uint16

#: Students per chunk. Small enough that a chunk's temporary arrays (a few MB) are reused by the memory
#: allocator from one chunk to the next, instead of being mapped afresh and faulted in page by page as
#: arrays of tens of MB are: a quarter less time on the L rounds (bench/RESULTS.md).
CHUNK_STUDENTS = 4_000


@dataclass(frozen=True)
class Pairs:
    """Student–slot index pairs (int32) with their distance (0 for remote slots)."""

    s: np.ndarray
    j: np.ndarray
    dist: np.ndarray

    def __len__(self) -> int:
        return len(self.s)


def feasible_pairs(c: Compiled) -> Pairs:
    """Every feasible pair of the round, found through the spatial/sector grid.

    Students are processed in chunks, so the candidate arrays stay bounded; the
    feasible pairs of each chunk are kept as int32 indexes, and the chunks are
    joined one column at a time, so the peak is the result plus one column.
    """
    by_sector = c.round.policy.sector_rule == "required"
    grid = slot_grid(c, by_sector)
    table = ClassTable.build(c)
    parts: list[list[np.ndarray]] = [[], [], []]
    for first in range(0, c.n_students, CHUNK_STUDENTS):
        students = np.arange(first, min(first + CHUNK_STUDENTS, c.n_students))
        s, j = nearby_pairs(c, grid, students, c.s_limit[students])
        for column, values in zip(parts, _filter(c, s, j, by_sector, table)):
            column.append(values)
        del s, j
    return Pairs(*(_join(parts, k, dtype) for k, dtype in enumerate((np.int32, np.int32, np.float64))))


def _join(parts: list, k: int, dtype) -> np.ndarray:
    """Concatenate column ``k`` of the chunks and release the pieces."""
    pieces, parts[k] = parts[k], []
    out = np.concatenate(pieces).astype(dtype, copy=False) if pieces else np.zeros(0, dtype=dtype)
    pieces.clear()
    return out


@dataclass(frozen=True)
class ClassTable:
    """Rules 3 and 4 (schedule, eligibility) looked up by class instead of evaluated per pair.

    A student's class is its (weekly pattern, grade, age, certificates), a slot's its (weekly
    pattern, minimum grade, minimum age, required certificates); rounds with few weekly patterns have
    few of each, so ``ok[student class, slot class]`` is computed once, on one representative pair per
    cell. When every student and slot has a week of its own (real profiles) the classes are many: the
    table then holds rule 4 alone, on (grade, age, certificates) classes, which stay few, and rule 3 is
    tested on the weeks' bitsets (``weeks.py``), whose cost does not grow with the number of weeks.
    """

    s_class: np.ndarray
    j_class: np.ndarray
    n_j: int
    ok: np.ndarray
    #: The weeks' bitsets when the table holds rule 4 only.
    weeks: WeekBits | None = None

    #: Largest table worth building (cells).
    MAX_CELLS = 4_000_000
    #: Largest table of rule 4 alone (cells).
    MAX_ELIGIBILITY_CELLS = 4_000_000

    @classmethod
    def build(cls, c: Compiled) -> "ClassTable | None":
        """The table of the round, or None when even the eligibility classes are too many."""
        few_weeks = len(c.s_pattern_rep) * len(c.j_pattern_rep) <= cls.MAX_CELLS  # else the classes are more
        if few_weeks:
            s_class, s_rep = _classes(c.s_pattern, c.s_grade, c.s_age, *c.s_cert.T)
            j_class, j_rep = _classes(c.j_pattern, c.j_min_grade, c.j_min_age, *c.j_req.T)
        if few_weeks and len(s_rep) * len(j_rep) <= cls.MAX_CELLS:
            rep_s, rep_j = np.repeat(s_rep, len(j_rep)), np.tile(j_rep, len(s_rep))
            ok = eligible(c, rep_s, rep_j) & ~schedule_conflicts(c, rep_s, rep_j)
            return cls(s_class.astype(np.int32), j_class.astype(np.int32), len(j_rep), ok)
        table = _eligibility_table(c)
        if table is None:
            return None
        s_class, j_class, n_j, bits = table
        return cls(s_class, j_class, n_j, bits == 0, week_bits(c))

    def allows(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Rules 3 and 4 for each pair."""
        if self.weeks is None:
            return self._table(s, j)
        # Rule 3 on the bitsets first: on real weeks it removes more pairs than rule 4 (half of them on the
        # first word), and the table lookup then runs on the survivors only.
        ok = self.weeks.fits(s, j)
        live = np.flatnonzero(ok)
        ok[live] = self._table(s.take(live), j.take(live))
        return ok

    def _table(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        small = len(self.ok) < 2**31  # int32 cell numbers: half the memory traffic
        cell = self.s_class.take(s).astype(np.int32 if small else np.int64, copy=False)
        cell = cell * (np.int32(self.n_j) if small else self.n_j)
        cell += self.j_class.take(j)
        return self.ok.take(cell)


def _classes(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct rows of the columns: (class per row, one representative row per class)."""
    rows = np.stack([np.asarray(col).astype(np.int64, copy=False) for col in columns], axis=1)
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    _, rep, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1), rep


def _filter(c: Compiled, s: np.ndarray, j: np.ndarray, by_sector: bool, table: ClassTable | None = None):
    """Apply the rules cheapest first, dropping pairs as they fail (same outcome as ``evaluate``).

    With the sector grid (``by_sector``) every candidate is in one of the student's sectors already,
    and nearly every candidate is within reach (the grid asks for the circle row by row), so the
    distance, the costliest test, comes last, on the pairs that pass everything else.
    """
    keep = table.allows(s, j) if table is not None else eligible(c, s, j)
    if later_rules_apply(c):
        keep &= work_hours.allows(c, s, j) & pathways.allows(c, s, j)
    if c.round.policy.sector_rule == "required" and not by_sector:
        keep &= sector_rank(c, s, j) >= 0
    s, j = s[keep], j[keep]
    if len(c.excl_key) or c.round.policy.only_ranked or c.round.policy.mechanism == "stable":
        keys = c.pair_key(s, j)
        keep = ~member(keys, c.excl_key) & ranked(c, keys)
        s, j = s[keep], j[keep]
    if table is None:
        keep = schedule_fits(c, s, j)
        s, j = s[keep], j[keep]
    dist = distances(c, s, j)
    keep = dist <= c.s_limit[s] + DISTANCE_TOLERANCE_KM
    return s[keep], j[keep], dist[keep]


def slot_grid(c: Compiled, by_sector: bool) -> SlotGrid:
    """The slot index for range queries, grouped by sector or not."""
    return build_grid(c.j_lat, c.j_lon, c.j_remote, c.j_sector, by_sector)


def nearby_pairs(c: Compiled, grid: SlotGrid, students: np.ndarray, radius_km: np.ndarray):
    """Pairs (student, slot) of the given students with slots inside ``radius_km`` (a box).

    With a sector grid only the students' own sectors are searched.
    """
    if grid.by_sector:
        rows, groups = np.nonzero(c.s_sector_rank[students] >= 0)
    else:
        rows, groups = np.arange(len(students)), np.zeros(len(students), dtype=np.int64)
    q = students[rows]
    return candidates(grid, q, groups.astype(np.int64), c.s_lat[q], c.s_lon[q], radius_km[rows])


def evaluate(c: Compiled, s: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (distance km, rule bits) for each pair; bits == 0 means feasible."""
    fails = np.zeros(len(s), dtype=FAILS)
    if c.round.policy.sector_rule == "required":
        fails |= np.where(sector_rank(c, s, j) < 0, SECTOR, 0).astype(np.uint8)
    dist = distances(c, s, j)
    fails |= np.where(dist > c.s_limit[s] + DISTANCE_TOLERANCE_KM, DISTANCE, 0).astype(np.uint8)
    fails |= np.where(schedule_fits(c, s, j), 0, SCHEDULE).astype(np.uint8)
    fails |= _eligibility(c, s, j)
    keys = c.pair_key(s, j)
    fails |= np.where(member(keys, c.excl_key), EXCLUDED, 0).astype(np.uint8)
    fails |= np.where(~ranked(c, keys), RANK, 0).astype(np.uint8)
    if later_rules_apply(c):
        fails |= np.where(work_hours.allows(c, s, j), 0, WORK_HOURS).astype(FAILS)
        fails |= np.where(pathways.allows(c, s, j), 0, PATHWAY).astype(FAILS)
    return dist, fails


def later_rules_apply(c: Compiled) -> bool:
    """True when rule 7 (work hours) or rule 8 (pathway, ``required``) can remove a pair of the round."""
    return work_hours.active(c.round.policy) or c.round.policy.pathway_rule == "required"


def sector_rank(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The slot's sector's rank in the student's list, -1 when not listed (or no sector)."""
    sector = c.j_sector[j]
    rank = c.s_sector_rank[s, np.maximum(sector, 0)]
    return np.where(sector >= 0, rank, -1)


def distances(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Great-circle km home → site; 0 for remote slots.

    Computed from the chord between unit vectors, ``d = 2R·asin(chord/2)``, which
    is the haversine formula of rules.py (``h = chord²/4``) without trigonometry
    per pair.
    """
    chord = _chord2(c, s, j)
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(chord) / 2))
    return np.where(c.j_remote[j], 0.0, d)


def _chord2(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    total = np.zeros(len(s), dtype=np.float64)
    for axis in range(3):
        delta = c.s_xyz[axis].take(s)
        delta -= c.j_xyz[axis].take(j)
        delta *= delta
        total += delta
    return total


def within_limit(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 2 without computing distances: compare squared chords with the limit's chord."""
    limit = np.minimum(c.s_limit + DISTANCE_TOLERANCE_KM, np.pi * EARTH_RADIUS_KM) / (2 * EARTH_RADIUS_KM)
    max_chord2 = (2 * np.sin(limit)) ** 2
    return c.j_remote[j] | (_chord2(c, s, j) <= max_chord2[s] * (1 + 1e-12))


def schedule_conflicts(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """True where some interval of the slot's schedule is not inside one merged free interval."""
    return schedule_shortfall(c, s, j) > 0


#: Above this many (availability pattern × schedule pattern) cells, check pair by pair.
MAX_PATTERN_TABLE = 4_000_000


def schedule_shortfall(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Minutes of the slot's schedule in intervals that do not fit the student (0: fits).

    Weekly patterns repeat a lot (a few templates of afternoons): when there are
    few enough, the answer is computed once per pair of patterns and looked up.
    """
    n_s, n_j = len(c.s_pattern_rep), len(c.j_pattern_rep)
    if n_s * n_j > MAX_PATTERN_TABLE or n_s * n_j > len(s):
        return _shortfall_by_pair(c, s, j)
    rep_s = np.repeat(c.s_pattern_rep, n_j)
    rep_j = np.tile(c.j_pattern_rep, n_s)
    table = _shortfall_by_pair(c, rep_s, rep_j).reshape(n_s, n_j)
    return table[c.s_pattern[s], c.j_pattern[j]]


def _shortfall_by_pair(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    pair, a, b = _pair_intervals(c, s, j)
    owner = s[pair]
    # The last merged interval of this student starting at or before a; it must also reach b.
    idx = np.searchsorted(c.av_key, owner * WEEK_SPAN + a, side="right") - 1
    safe = np.maximum(idx, 0)
    if len(c.av_key):
        inside = (idx >= 0) & (c.av_key[safe] >= owner * WEEK_SPAN) & (c.av_end[safe] >= b)
    else:
        inside = np.zeros(len(pair), dtype=bool)
    return np.bincount(pair[~inside], weights=(b - a)[~inside], minlength=len(s)).astype(np.int64)


def _pair_intervals(c: Compiled, s: np.ndarray, j: np.ndarray):
    """Expand pairs into one row per interval of the slot's schedule: (pair, start, end)."""
    per_slot = np.bincount(c.sc_slot, minlength=c.n_slots)
    first = np.cumsum(per_slot) - per_slot
    counts = per_slot[j] * c.s_has_avail[s]
    pair = np.repeat(np.arange(len(s)), counts)
    starts = np.cumsum(counts) - counts
    iv = np.arange(len(pair)) - np.repeat(starts, counts) + np.repeat(first[j], counts)
    return pair, c.sc_start[iv], c.sc_end[iv]


def eligible(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 4 as one boolean per pair (the fast form of ``_eligibility(...) == 0``).

    A minimum that is not given is ``NONE`` (the smallest int64), which every value meets; a student
    without a grade or age is ``NONE`` too, which meets no minimum that is given.
    """
    ok = c.s_grade.take(s) >= c.j_min_grade.take(j)
    ok &= c.s_age.take(s) >= c.j_min_age.take(j)
    if c.j_req.shape[1] == 1:
        ok &= (c.j_req[:, 0].take(j) & ~c.s_cert[:, 0].take(s)) == 0
    else:
        ok &= ~np.any(c.j_req[j] & ~c.s_cert[s], axis=1)
    return ok


def _eligibility(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 4's bits (grade, age, certificates) per pair, looked up by eligibility class when they are few."""
    table = _eligibility_table(c)
    if table is None:
        return _eligibility_bits(c, s, j)
    s_class, j_class, n_j, bits = table
    cell = s_class.take(s) * np.int32(n_j)
    cell += j_class.take(j)
    return bits.take(cell)


def _eligibility_table(c: Compiled):
    """``(student class, slot class, slot classes, bits[cell])`` over the (grade, age, certificates)
    classes, built once per round (``c.memo``); None when the table would be too large."""
    if "eligibility_table" not in c.memo:
        s_class, s_rep = _classes(c.s_grade, c.s_age, *c.s_cert.T)
        j_class, j_rep = _classes(c.j_min_grade, c.j_min_age, *c.j_req.T)
        table = None
        if len(s_rep) * len(j_rep) <= ClassTable.MAX_ELIGIBILITY_CELLS:
            rep_s, rep_j = np.repeat(s_rep, len(j_rep)), np.tile(j_rep, len(s_rep))
            table = (s_class.astype(np.int32), j_class.astype(np.int32), len(j_rep),
                     _eligibility_bits(c, rep_s, rep_j))
        c.memo["eligibility_table"] = table
    return c.memo["eligibility_table"]


def _eligibility_bits(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    grade = (c.j_min_grade[j] != NONE) & (c.s_grade[s] < c.j_min_grade[j])
    age = (c.j_min_age[j] != NONE) & (c.s_age[s] < c.j_min_age[j])
    if c.j_req.shape[1] == 1:  # up to 64 certificate names: one word, no 2-D reduction
        cert = (c.j_req[:, 0].take(j) & ~c.s_cert[:, 0].take(s)) != 0
    else:
        cert = np.any(c.j_req[j] & ~c.s_cert[s], axis=1)
    return (np.where(grade, GRADE, 0) | np.where(age, AGE, 0) | np.where(cert, CERT, 0)).astype(np.uint8)


def ranked(c: Compiled, keys: np.ndarray) -> np.ndarray:
    """Rule 6 (only_ranked) and, for ``stable``, the mutual ranking condition."""
    policy = c.round.policy
    if policy.mechanism == "stable":
        return member(keys, c.pref_key) & member(keys, c.rank_key)
    if policy.only_ranked:
        return member(keys, c.pref_key)
    return np.ones(len(keys), dtype=bool)


def member(keys: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Vectorised ``key in sorted_set``."""
    if len(sorted_set) == 0:
        return np.zeros(len(keys), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_set, keys), len(sorted_set) - 1)
    return sorted_set[idx] == keys


def lookup(keys: np.ndarray, sorted_keys: np.ndarray, values: np.ndarray, default: int) -> np.ndarray:
    """Vectorised ``dict.get``: the value of each key in (sorted_keys, values), else ``default``."""
    if len(sorted_keys) == 0:
        return np.full(len(keys), default, dtype=np.int64)
    idx = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[idx] == keys, values[idx], default)
