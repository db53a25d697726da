"""Reasons for every unplaced student: which rule removed how many slots, the
nearest miss of each rule, or that the feasible slots were all taken.

Rules are applied in the spec's order and each slot is counted under the first
rule it breaks, so the counts add up to the number of slots in the round.
"""

from functools import lru_cache

import numpy as np

from . import messages as msg
from . import pathways, work_hours
from .compiled import Compiled
from .feasibility import DISTANCE, EXCLUDED, FAILS, INELIGIBLE, PATHWAY, RANK, SCHEDULE, SECTOR, WORK_HOURS, Pairs
from .nearby import Evaluated, evaluate_near, near_counts, near_grids, search_radius
from .result import Reason, Unplaced
from .whatif import best_what_ifs

_STAGE_BITS = (SECTOR, DISTANCE, SCHEDULE, INELIGIBLE, WORK_HOURS, PATHWAY, EXCLUDED, RANK)
_STAGE_CODES = ("no_sector_match", "too_far", "schedule_conflict", "ineligible", "work_hours", "no_pathway_match",
                "excluded", "not_ranked")
#: Stages whose nearest miss is not told (a coordinator's exclusion, a choice not made).
_UNTOLD = frozenset({_STAGE_CODES.index("excluded"), _STAGE_CODES.index("not_ranked")})


#: Candidate pairs evaluated at once: the explanations of a huge round are made in slices of students.
EXPLAIN_PAIRS = 20_000_000


def explain(c: Compiled, feasible: Pairs, placed: np.ndarray, filled: np.ndarray) -> list[Unplaced]:
    """One ``Unplaced`` per unplaced student, in student-id order.

    Every student's explanation depends only on its own nearby pairs, so the
    unplaced students are taken in slices of about ``EXPLAIN_PAIRS`` candidate
    pairs: memory stays bounded however dense the round is.
    """
    unplaced = np.flatnonzero(~placed)
    if len(unplaced) == 0:
        return []
    n_feasible = np.bincount(feasible.s, minlength=c.n_students)
    open_slot = filled < c.j_capacity
    grids = near_grids(c, open_slot)
    none = n_feasible[unplaced] == 0
    load = np.zeros(len(unplaced), dtype=np.int64)
    load[none] = near_counts(c, grids[0], unplaced[none])
    load[~none] = near_counts(c, grids[1], unplaced[~none])
    slice_of = (np.cumsum(load) - load) // EXPLAIN_PAIRS
    cuts = np.r_[0, np.flatnonzero(np.diff(slice_of)) + 1, len(unplaced)]
    out: list[Unplaced] = []
    for a, b in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        out += _explain_slice(c, unplaced[a:b], n_feasible, open_slot, grids)
    return out


def _explain_slice(c: Compiled, unplaced: np.ndarray, n_feasible: np.ndarray, open_slot: np.ndarray,
                   grids) -> list[Unplaced]:
    none_left = unplaced[n_feasible[unplaced] == 0]
    taken = unplaced[n_feasible[unplaced] > 0]
    ev = evaluate_near(c, none_left, taken, open_slot, grids)
    counts = stage_counts(c, none_left, ev)
    misses = nearest_misses(ev, np.isin(ev.s, none_left))
    what_ifs = best_what_ifs(c, ev)
    rows = {s: k for k, s in enumerate(none_left.tolist())}
    mechanism, students = c.round.policy.mechanism, c.students
    out = []
    for s, n in zip(unplaced.tolist(), n_feasible[unplaced].tolist()):
        if n == 0:
            reasons = _rule_reasons(c, s, counts[rows[s]], misses)
        else:
            reasons = (_taken_reason_for(mechanism, n),)
        out.append(Unplaced(students[s].id, reasons, what_ifs.get(s)))
    return out


def stage_counts(c: Compiled, students: np.ndarray, ev: Evaluated) -> np.ndarray:
    """Per student (rows in ``students`` order), slots removed by each rule in spec order."""
    counts = np.zeros((len(students), len(_STAGE_BITS)), dtype=np.int64)
    if len(students) == 0:
        return counts
    row_of = np.full(c.n_students, -1)
    row_of[students] = np.arange(len(students))
    matching = _sector_matches(c, students)
    counts[:, 0] = c.n_slots - matching
    mine = row_of[ev.s] >= 0
    inside = mine & (ev.fails & (SECTOR | DISTANCE) == 0)
    counts[:, 1] = matching - np.bincount(row_of[ev.s[inside]], minlength=len(students))
    stage = first_stage(ev.fails)
    for k in range(2, len(_STAGE_BITS)):
        hit = inside & (stage == k)
        counts[:, k] = np.bincount(row_of[ev.s[hit]], minlength=len(students))
    return counts


def first_stage(fails: np.ndarray) -> np.ndarray:
    """Index of the first rule (spec order) each pair breaks; -1 when it breaks none."""
    stage = np.full(len(fails), -1)
    for k in range(len(_STAGE_BITS) - 1, -1, -1):
        stage = np.where(fails & _STAGE_BITS[k], k, stage)
    return stage


def nearest_misses(ev: Evaluated, mask: np.ndarray) -> dict[tuple[int, int], tuple[int, float, bool]]:
    """Per (student, stage): the nearest slot removed at that stage, as (slot, km, only-this-rule).

    Slots that break only that rule come first: they are the real near misses.
    """
    idx = np.flatnonzero(mask)
    stage = first_stage(ev.fails[idx])
    keep = stage >= 0
    idx, stage = idx[keep], stage[keep]
    bits = np.array(_STAGE_BITS, dtype=FAILS)[stage]
    only = (ev.fails[idx] & ~bits) == 0
    order = np.lexsort((ev.j[idx], ev.dist[idx], ~only, stage, ev.s[idx]))
    idx, stage, only = idx[order], stage[order], only[order]
    s = ev.s[idx]
    first = np.r_[True, (s[1:] != s[:-1]) | (stage[1:] != stage[:-1])] if len(idx) else np.zeros(0, bool)
    return {(int(s[p]), int(stage[p])): (int(ev.j[idx[p]]), float(ev.dist[idx[p]]), bool(only[p]))
            for p in np.flatnonzero(first)}


def _sector_matches(c: Compiled, students: np.ndarray) -> np.ndarray:
    if c.round.policy.sector_rule != "required":
        return np.full(len(students), c.n_slots)
    per_sector = np.bincount(c.j_sector[c.j_sector >= 0], minlength=c.s_sector_rank.shape[1])
    return ((c.s_sector_rank[students] >= 0) * per_sector).sum(axis=1)


def _rule_reasons(c: Compiled, s: int, counts: np.ndarray, misses: dict) -> tuple[Reason, ...]:
    reasons = [Reason(code, int(n), _rule_message(c, s, k, int(n), misses.get((s, k))))
               for k, (code, n) in enumerate(zip(_STAGE_CODES, counts)) if n > 0]
    reasons.append(Reason("no_feasible_slot", 0,
                          "No slot fits all the rules for you, so there was nothing to place you in."))
    return tuple(reasons)


def _rule_message(c: Compiled, s: int, stage: int, n: int, miss) -> str:
    student = c.students[s]
    base = _BASE[stage](c, student, n)
    if miss is None and stage == 1:
        radius = float(search_radius(c.s_limit[s : s + 1])[0])
        return base + f" None of them is within {radius:.0f} km of your home."
    if miss is None or stage in _UNTOLD:
        return base
    j, dist, only = miss
    slot = c.slots[j]
    where = "" if slot.remote else f", {dist:.1f} km away"
    lead = " The nearest one that fits you otherwise" if only else " The nearest one"
    if stage == 0:
        return base + f"{lead} is in {msg.sector_name(slot.sector)}{where}."
    if stage == 1:
        return base + f"{lead} is {dist:.1f} km away."
    if stage == 2:
        return base + f"{lead} (slot {slot.id}{where}) needs you free on {msg.when_phrase(msg.uncovered(slot, student))}."
    if stage == 4:
        found = work_hours.breach(student, slot, c.round.policy)
        if found is None:  # cannot happen while the fast path agrees with rules.py (tested); say no more
            return base
        return base + f"{lead} (slot {slot.id}{where}) asks for {work_hours.breach_phrase(student, found)}."
    if stage == 5:
        return base + f"{lead} (slot {slot.id}{where}) is meant for {pathways.meant_for(slot)}."
    return base + f"{lead} (slot {slot.id}{where}) needs {msg.missing_phrase(student, slot)}."


_BASE = (
    lambda c, st, n: f"{msg.slots_phrase(n)} {_are(n)} in career areas you did not choose.",
    lambda c, st, n: (f"{msg.slots_phrase(n)} in your career areas {_are(n)} farther than you can travel "
                      f"({msg.limit_phrase(st, float(c.s_limit[c.student_index[st.id]]))})."),
    lambda c, st, n: f"{msg.slots_phrase(n)} {_need(n)} hours when you are not free.",
    lambda c, st, n: f"{msg.slots_phrase(n)} {_need(n)} a grade, age or certificate you do not have.",
    lambda c, st, n: (f"{msg.slots_phrase(n)} {_need(n)} more hours, or earlier or later hours, than students of "
                      "your age may work." if c.round.policy.work_limits is not None
                      else f"{msg.slots_phrase(n)} {_need(n)} more hours a week than the programme allows."),
    lambda c, st, n: (f"{msg.slots_phrase(n)} {_are(n)} meant for other pathways than "
                      + (f"yours ({st.pathway})." if st.pathway else "yours (you have no pathway on record).")),
    lambda c, st, n: f"The coordinator ruled out {msg.slots_phrase(n)} for you.",
    lambda c, st, n: (f"{msg.slots_phrase(n)} {_are(n)} not ranked by both you and the employer."
                      if c.round.policy.mechanism == "stable"
                      else f"{msg.slots_phrase(n)} {_are(n)} not on your list of choices."),
)


def _taken_reason(c: Compiled, n: int) -> Reason:
    return _taken_reason_for(c.round.policy.mechanism, n)


@lru_cache(maxsize=1024)
def _taken_reason_for(mechanism: str, n: int) -> Reason:
    """The same few counts recur across many students; a ``Reason`` is immutable, so it is shared."""
    if mechanism == "stable":
        text = f"{msg.slots_phrase(n)} fit you, but their employers filled them with students they ranked higher."
    else:
        text = f"{msg.slots_phrase(n)} fit you, but other students filled all the places."
    return Reason("capacity_taken", n, text.replace("1 slot fit you", "1 slot fits you"))


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _need(n: int) -> str:
    return "needs" if n == 1 else "need"
