"""A round as numpy arrays, in a canonical order (students and slots sorted by id).

Everything vectorised works on these arrays. Sorting by id first is what makes
the result independent of the order of the arrays in the input file.
"""

from dataclasses import dataclass, field

import numpy as np

from .constants import DAY_STRIDE, SECTOR_INDEX
from .instance import Round, Slot, Student
from .travel import limit_km

#: Value for "not given" in the integer columns (grade, age, minima).
NONE = np.iinfo(np.int64).min
#: Width of one student's week in availability keys.
WEEK_SPAN = 7 * DAY_STRIDE


@dataclass(frozen=True)
class Compiled:
    """Columnar view of a round. Arrays are read-only by convention."""

    round: Round
    students: tuple[Student, ...]
    slots: tuple[Slot, ...]
    student_index: dict
    slot_index: dict
    s_lat: np.ndarray
    s_lon: np.ndarray
    s_limit: np.ndarray
    s_grade: np.ndarray
    s_age: np.ndarray
    s_cert: np.ndarray
    s_sector_rank: np.ndarray
    s_has_avail: np.ndarray
    av_key: np.ndarray
    av_end: np.ndarray
    j_lat: np.ndarray
    j_lon: np.ndarray
    j_remote: np.ndarray
    j_sector: np.ndarray
    j_capacity: np.ndarray
    j_min_grade: np.ndarray
    j_min_age: np.ndarray
    j_req: np.ndarray
    sc_slot: np.ndarray
    sc_start: np.ndarray
    sc_end: np.ndarray
    pref_key: np.ndarray
    pref_rank: np.ndarray
    rank_key: np.ndarray
    rank_rank: np.ndarray
    excl_key: np.ndarray
    cost_key: np.ndarray
    cost_val: np.ndarray
    pin_s: np.ndarray
    pin_j: np.ndarray
    s_xyz: np.ndarray
    j_xyz: np.ndarray
    s_pattern: np.ndarray
    s_pattern_rep: np.ndarray
    j_pattern: np.ndarray
    j_pattern_rep: np.ndarray
    #: Tables that later rules build once per round (work hours, pathways), by name.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def n_students(self) -> int:
        """Number of students."""
        return len(self.students)

    @property
    def n_slots(self) -> int:
        """Number of slots."""
        return len(self.slots)

    def pair_key(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Encode (student, slot) index pairs as one sortable int64."""
        return s.astype(np.int64) * max(1, self.n_slots) + j


def compile_round(round_: Round) -> Compiled:
    """Build the columnar, id-sorted view of a validated round."""
    students = tuple(sorted(round_.students, key=lambda s: s.id))
    slots = tuple(sorted(round_.slots, key=lambda s: s.id))
    s_index = {s.id: i for i, s in enumerate(students)}
    j_index = {s.id: i for i, s in enumerate(slots)}
    certs = _cert_bits(students, slots)
    m = max(1, len(slots))
    s_pattern, s_pattern_rep = _patterns([s.availability for s in students])
    return Compiled(
        round_, students, slots, s_index, j_index,
        *_student_columns(students, certs),
        *_availability(students, s_pattern, s_pattern_rep),
        *_slot_columns(slots, certs),
        *_schedules(slots),
        *_ranked_pairs(((s_index[s.id], j_index[x]) for s in students for x in s.preferences or ()), m, 0),
        *_ranked_pairs(((s_index[x], j_index[j.id]) for j in slots for x in j.ranking or ()), m, 1),
        _keys(((s_index[p.student], j_index[p.slot]) for p in round_.exclusions), m),
        *_costs(round_, s_index, j_index, m),
        np.array([s_index[p.student] for p in round_.pins], dtype=np.int64),
        np.array([j_index[p.slot] for p in round_.pins], dtype=np.int64),
        _unit_vectors(students, "home"), _unit_vectors(slots, "site"),
        s_pattern, s_pattern_rep,
        *_patterns([j.schedule for j in slots]),
    )


def _distinct(values: list, canonical) -> tuple[np.ndarray, list]:
    """Number equal values: (id per row, one value per id), ids in order of first appearance.

    ``canonical(value)`` is the hashable form that decides equality. The round file reader shares one
    object between rows with equal raw values, so it is computed once per distinct object, not per row.
    """
    objects = np.fromiter(map(id, values), dtype=np.uint64, count=len(values))
    unique, first, inverse = np.unique(objects, return_index=True, return_inverse=True)
    ids: dict = {}
    firsts: list = []
    number = np.empty(len(unique), dtype=np.int64)
    for k in np.argsort(first, kind="stable").tolist():  # objects in order of first appearance
        value = values[first[k]]
        known = ids.setdefault(canonical(value), len(firsts))
        if known == len(firsts):
            firsts.append(value)
        number[k] = known
    return number[inverse.reshape(-1)], firsts


def _iv_key(iv):
    return (iv.day, iv.start, iv.end)


def _unit_vectors(items, attr: str) -> np.ndarray:
    """Points on the unit sphere (NaN when absent): chord lengths give exact great-circle distances."""
    coords = np.array([(p.lat, p.lon) if (p := getattr(x, attr)) else (np.nan, np.nan) for x in items],
                      dtype=np.float64).reshape(len(items), 2)
    lat, lon = np.radians(coords[:, 0]), np.radians(coords[:, 1])
    # Shape (3, n): one contiguous row per axis, so gathering by pair index stays fast.
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=0)


def _patterns(weeks: list):
    """Number equal weekly patterns: (pattern id per row, one representative row per pattern).

    ``weeks`` holds each row's intervals (``None``: no availability given, a pattern of its own).
    """
    pattern, _ = _distinct(weeks, lambda w: None if w is None else tuple(sorted([_iv_key(iv) for iv in w])))
    rep = np.zeros(int(pattern.max(initial=-1)) + 1, dtype=np.int64)
    rep[pattern[::-1]] = np.arange(len(weeks))[::-1]
    return pattern, rep


def _cert_bits(students, slots) -> dict:
    names = {c for s in students for c in s.certifications} | {c for j in slots for c in j.requires}
    return {name: i for i, name in enumerate(sorted(names))}


def _bitsets(lists, bits: dict) -> np.ndarray:
    """One row of uint64 words per list, a bit set for each of its items."""
    words = max(1, (len(bits) + 63) // 64)
    group, firsts = _distinct(list(lists), lambda items: frozenset(items))
    table = np.zeros((len(firsts), words), dtype=np.uint64)
    for row, items in enumerate(firsts):
        for item in items:
            b = bits[item]
            table[row, b // 64] |= np.uint64(1 << (b % 64))
    return table[group].reshape(len(group), words)


def _int_column(values) -> np.ndarray:
    return np.array([NONE if v is None else v for v in values], dtype=np.int64)


def _student_columns(students, certs):
    n = len(students)
    lat = np.array([s.home.lat if s.home else np.nan for s in students], dtype=np.float64)
    lon = np.array([s.home.lon if s.home else np.nan for s in students], dtype=np.float64)
    travel, travels = _distinct([s.travel for s in students], lambda t: t)
    limit = np.array([limit_km(t.max_km, t.mode, t.max_minutes) for t in travels], dtype=np.float64)
    sectors, lists = _distinct([s.sectors for s in students], lambda codes: codes)
    rank_table = np.full((len(lists), len(SECTOR_INDEX)), -1, dtype=np.int16)
    for row, codes in enumerate(lists):
        for rank, code in enumerate(codes or ()):
            rank_table[row, SECTOR_INDEX[code]] = rank
    return (lat.reshape(n), lon.reshape(n), limit[travel].reshape(n),
            _int_column(s.grade for s in students), _int_column(s.age for s in students),
            _bitsets([s.certifications for s in students], certs),
            rank_table[sectors].reshape(n, len(SECTOR_INDEX)),
            np.array([s.availability is not None for s in students], dtype=bool).reshape(n))


def _availability(students, pattern: np.ndarray, rep: np.ndarray):
    """Merged free intervals of every student as sorted keys ``student·WEEK_SPAN + day·DAY_STRIDE + start``.

    Merging is done once per weekly pattern (``_patterns``), for all patterns at once with numpy
    (``_merged_spans``), and spread to the students.
    """
    flat_s, flat_e, per_pattern = _merged_spans([students[row].availability or () for row in rep.tolist()])
    counts = per_pattern[pattern] if len(rep) else np.zeros(0, np.int64)
    if counts.sum() == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    first = np.cumsum(per_pattern) - per_pattern
    offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    pick = np.repeat(first[pattern], counts) + offset
    owner = np.repeat(np.arange(len(students), dtype=np.int64), counts)
    return owner * WEEK_SPAN + flat_s[pick], flat_e[pick]


def _merged_spans(weeks: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``rules.merge_intervals`` of every week at once: (starts, ends, spans per week), in week order and,
    within a week, by day then start; starts and ends are ``day·DAY_STRIDE + minutes``.

    Intervals sorted by (week, day, start) start a new span where they begin after the running end of
    the spans before them (touching intervals merge, as in ``rules.py``); week and day are folded into
    one offset so that the running maximum never crosses from one day to the next.
    """
    rows = [(w, iv.day, iv.start, iv.end) for w, week in enumerate(weeks) for iv in week]
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(len(weeks), np.int64)
    table = np.array(rows, dtype=np.int64)
    week, day, start, end = table.T
    group = (week * 7 + day) * DAY_STRIDE
    order = np.lexsort((start, group))
    week, day, start, end, group = week[order], day[order], start[order], end[order], group[order]
    reach = np.maximum.accumulate(group + end)
    new = np.r_[True, group[1:] + start[1:] > reach[:-1]]
    firsts = np.flatnonzero(new)
    span_end = np.maximum.reduceat(group + end, firsts) - group[firsts]
    span_day = day[firsts]
    return (span_day * DAY_STRIDE + start[firsts], span_day * DAY_STRIDE + span_end,
            np.bincount(week[firsts], minlength=len(weeks)).astype(np.int64))


def _slot_columns(slots, certs):
    m = len(slots)
    lat = np.array([j.site.lat if j.site else np.nan for j in slots], dtype=np.float64).reshape(m)
    lon = np.array([j.site.lon if j.site else np.nan for j in slots], dtype=np.float64).reshape(m)
    sector = np.array([SECTOR_INDEX.get(j.sector, -1) for j in slots], dtype=np.int64).reshape(m)
    return (lat, lon, np.array([j.remote for j in slots], dtype=bool).reshape(m), sector,
            np.array([j.capacity for j in slots], dtype=np.int64).reshape(m),
            _int_column(j.min_grade for j in slots), _int_column(j.min_age for j in slots),
            _bitsets([j.requires for j in slots], certs))


def _schedules(slots):
    rows = [(j, iv.day * DAY_STRIDE + iv.start, iv.day * DAY_STRIDE + iv.end)
            for j, slot in enumerate(slots) for iv in slot.schedule]
    cols = np.array(rows, dtype=np.int64).reshape(len(rows), 3)
    return cols[:, 0].copy(), cols[:, 1].copy(), cols[:, 2].copy()


def _ranked_pairs(pairs, m: int, owner_column: int):
    """Pairs in list order, grouped by owner → (sorted keys, 0-based rank in the owner's list)."""
    rows = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    keys = rows[:, 0] * m + rows[:, 1]
    ranks = _position_in_group(rows[:, owner_column])
    order = np.argsort(keys, kind="stable")
    return keys[order], ranks[order]


def _position_in_group(owner: np.ndarray) -> np.ndarray:
    if len(owner) == 0:
        return owner.copy()
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    lengths = np.diff(np.r_[starts, len(owner)])
    return np.arange(len(owner)) - np.repeat(starts, lengths)


def _keys(pairs, m: int) -> np.ndarray:
    rows = np.array(list(pairs), dtype=np.int64).reshape(-1, 2)
    return np.unique(rows[:, 0] * m + rows[:, 1])


def _costs(round_: Round, s_index: dict, j_index: dict, m: int):
    rows = np.array([(s_index[c.student], j_index[c.slot], c.cost) for c in round_.costs],
                    dtype=np.int64).reshape(-1, 3)
    keys = rows[:, 0] * m + rows[:, 1]
    order = np.argsort(keys)
    return keys[order], rows[order, 2]
