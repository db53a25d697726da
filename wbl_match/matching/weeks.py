"""Rule 3 (schedule) on weeks as bitsets, whatever the number of distinct weeks.

The round's **grain** is the largest divisor of 30 minutes on which every boundary of every slot's
schedule falls (30, 15, 5 or 1 minutes for boundaries on the half hour, the quarter hour, five minutes or
any minute). A week is cut into cells of one grain. A slot *needs* the cells of its schedule; a student is
*free* in a cell that lies wholly inside one of its merged free intervals. A slot interval lies inside a
single merged interval exactly when every cell it covers is free: merged intervals are apart by a gap of
positive length, so a run of wholly covered cells belongs to one of them.

Only the cells some slot needs matter, so the bitsets keep just those (a few hundred cells for afternoon
and Saturday shifts on the half hour): one row of 64-bit words per distinct week, and a pair fits when
``need & busy == 0`` word by word, where ``busy`` is the complement of ``free``. The cells most slots
need come first, so most pairs are decided by the first word or two. A student who gave no
availability is free everywhere; one who gave an empty list is free nowhere.

``rules.py`` states the same rule interval by interval; the property tests hold the two equal at every
grain.
"""

from dataclasses import dataclass
from math import gcd

import numpy as np

from .compiled import WEEK_SPAN, Compiled
from .constants import DAY_STRIDE

DAY_MINUTES = 1440
#: Bound on the temporary (weeks × cells) table built while packing the bitsets.
PACK_CELLS = 8_000_000


@dataclass(frozen=True)
class WeekBits:
    """``need[w, slot]`` and ``busy[w, student]``: word ``w`` of each slot's and each student's bitset.

    The cells are ordered by how many slots need them, most needed first, so most slots need only the
    first word or two; ``top[slot]`` is the last word a slot needs, and a pair is tested word by word only
    as far as its slot needs and only while it still fits. The words are built once per distinct week and
    spread to the students and slots (a few MB even for a statewide round), so a pair costs two gathers
    per word and no lookup of its weeks.
    """

    grain: int
    need: np.ndarray
    busy: np.ndarray
    top: np.ndarray

    @property
    def words(self) -> int:
        """64-bit words per week."""
        return self.need.shape[0]

    def fits(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Rule 3 for pairs (student index, slot index)."""
        clash = self.need[0].take(j)
        clash &= self.busy[0].take(s)
        ok = clash == 0
        if self.words == 1:
            return ok
        live = np.flatnonzero(ok & (self.top.take(j) > 0))
        for w in range(1, self.words):
            if len(live) == 0:
                break
            jw, sw = j.take(live), s.take(live)
            clash = self.need[w].take(jw)
            clash &= self.busy[w].take(sw)
            fine = clash == 0
            ok[live[~fine]] = False
            live = live[fine & (self.top.take(jw) > w)]
        return ok


def week_bits(c: Compiled) -> WeekBits:
    """The round's bitsets, built once per ``Compiled`` (kept in ``c.memo``)."""
    found = c.memo.get("week_bits")
    if found is None:
        found = c.memo["week_bits"] = _build(c)
    return found


def schedule_fits(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 3 for each pair (student index, slot index)."""
    return week_bits(c).fits(s, j)


def round_grain(sc_start: np.ndarray, sc_end: np.ndarray) -> int:
    """The largest divisor of 30 minutes on which every schedule boundary falls."""
    minutes = np.unique(np.concatenate([sc_start, sc_end]) % DAY_STRIDE % 30)
    g = 30
    for m in minutes.tolist():
        g = gcd(g, m)
    return g


def _build(c: Compiled) -> WeekBits:
    g = round_grain(c.sc_start, c.sc_end)
    per_day = DAY_MINUTES // g
    # Slot intervals as cell ranges [lo, hi) of the week.
    j_rows, j_lo, j_hi = _slot_ranges(c, g, per_day)
    slots_per_pattern = np.bincount(c.j_pattern, minlength=len(c.j_pattern_rep))
    demand = np.zeros(7 * per_day + 1, dtype=np.int64)
    np.add.at(demand, j_lo, slots_per_pattern[j_rows])
    np.add.at(demand, j_hi, -slots_per_pattern[j_rows])
    used = np.zeros(7 * per_day + 1, dtype=np.int64)
    np.add.at(used, j_lo, 1)
    np.add.at(used, j_hi, -1)
    needed = np.cumsum(used)[:-1] > 0
    # Position of each cell among the needed ones: a range of cells maps to a range of positions.
    position = np.r_[0, np.cumsum(needed)]
    n_cells = int(position[-1])
    # Bit order: the needed cells by how many slots need them, most first (ties in week order).
    slots_needing = np.cumsum(demand)[:-1][needed]
    order = np.argsort(-slots_needing, kind="stable")
    need = _pack(len(c.j_pattern_rep), j_rows, position[j_lo], position[j_hi], n_cells, order)
    s_rows, s_lo, s_hi = _student_ranges(c, g, per_day)
    free = _pack(len(c.s_pattern_rep), s_rows, position[s_lo], position[s_hi], n_cells, order)
    busy = ~free
    anywhere = ~c.s_has_avail[c.s_pattern_rep]  # no availability given: free at any time
    busy[:, anywhere] = 0
    nonzero = need != 0
    top = np.where(nonzero.any(axis=0), need.shape[0] - 1 - np.argmax(nonzero[::-1], axis=0), 0)
    return WeekBits(g, np.ascontiguousarray(need[:, c.j_pattern]), np.ascontiguousarray(busy[:, c.s_pattern]),
                    top[c.j_pattern].astype(np.int8))


def _slot_ranges(c: Compiled, g: int, per_day: int):
    """(pattern, first cell, end cell) of every interval of each slot pattern's representative."""
    rep = c.j_pattern_rep
    lo = np.searchsorted(c.sc_slot, rep, side="left")
    hi = np.searchsorted(c.sc_slot, rep, side="right")
    rows, iv = _spread(lo, hi)
    start, end = c.sc_start[iv], c.sc_end[iv]
    day = start // DAY_STRIDE
    return rows, day * per_day + start % DAY_STRIDE // g, day * per_day + end % DAY_STRIDE // g


def _student_ranges(c: Compiled, g: int, per_day: int):
    """(pattern, first wholly free cell, end cell) of every merged free interval of each student pattern."""
    rep = c.s_pattern_rep.astype(np.int64)
    lo = np.searchsorted(c.av_key, rep * WEEK_SPAN, side="left")
    hi = np.searchsorted(c.av_key, (rep + 1) * WEEK_SPAN, side="left")
    rows, iv = _spread(lo, hi)
    start = c.av_key[iv] - rep[rows] * WEEK_SPAN
    end = c.av_end[iv]
    day = start // DAY_STRIDE
    first = day * per_day + -(-(start % DAY_STRIDE) // g)  # ceil: a cell only partly free is not free
    last = day * per_day + end % DAY_STRIDE // g
    return rows, first, np.maximum(first, last)


def _spread(lo: np.ndarray, hi: np.ndarray):
    """Rows ``k`` repeated ``hi[k] - lo[k]`` times, with the indexes ``lo[k] … hi[k] - 1``."""
    counts = hi - lo
    rows = np.repeat(np.arange(len(lo)), counts)
    starts = np.cumsum(counts) - counts
    return rows, np.arange(int(counts.sum())) - np.repeat(starts - lo, counts)


def _pack(n_rows: int, rows: np.ndarray, lo: np.ndarray, hi: np.ndarray, n_cells: int,
          order: np.ndarray) -> np.ndarray:
    """Bitsets (words, rows) with the cells [lo, hi) of each range set in its row, bit k = cell ``order[k]``.

    Ranges repeat far more than weeks do (common afternoons), so each distinct range is made into words
    once and each row is the OR of its ranges' words; a block of rows at a time, so the temporary
    tables stay small on any grain.
    """
    words = max(1, -(-n_cells // 64))
    bit_of = np.empty(n_cells, dtype=np.int64)
    bit_of[order] = np.arange(n_cells)
    out = np.zeros((n_rows, words), dtype=np.uint64)
    by_row = np.argsort(rows, kind="stable")
    rows, lo, hi = rows[by_row], lo[by_row], hi[by_row]
    step = max(1, PACK_CELLS // (words * 64))
    for a in range(0, len(rows), step):
        b = min(a + step, len(rows))
        distinct, which = np.unique(lo[a:b] * (n_cells + 1) + hi[a:b], return_inverse=True)
        which = which.reshape(-1)
        block_rows, cells = _spread(*np.divmod(distinct, n_cells + 1))
        table = np.zeros((len(distinct), words * 64), dtype=bool)
        table[block_rows, bit_of[cells]] = True
        bits = np.packbits(table, axis=1, bitorder="little").view(np.uint64)
        r = rows[a:b]
        firsts = np.r_[0, np.flatnonzero(r[1:] != r[:-1]) + 1]
        out[r[firsts]] |= np.bitwise_or.reduceat(bits[which], firsts, axis=0)
    return np.ascontiguousarray(out.T)
