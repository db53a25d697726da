"""What-if: the smallest single change that would give an unplaced student a slot.

Candidates are pairs that break exactly one relaxable rule. Each kind of change
has an effort score, so that different kinds can be compared:

=============  ==========================================
kind           effort
=============  ==========================================
distance       extra km / 2
schedule       hours of the slot's schedule that do not fit
sector         2 (add a career interest)
ranking        1 (add the slot to your list); 3 when the employer must rank you
certification  3 per missing certificate
grade, age     4 per year missing
work_hours     3 (a slot of the employer within the limits)
pathway        3 (the coordinator adds your pathway to the slot)
=============  ==========================================

The least effort wins; ties go to the nearer slot, then the smaller slot id.
Exclusions are a coordinator's decision and are never offered as a change.
"""

import numpy as np

from . import messages as msg
from . import pathways, work_hours
from .compiled import Compiled
from .constants import DAYS
from .feasibility import AGE, CERT, DISTANCE, GRADE, PATHWAY, RANK, SCHEDULE, SECTOR, WORK_HOURS, member
from .nearby import WHAT_IF_BITS, Evaluated
from .instance import format_time
from .result import WhatIf

#: What each single broken rule asks to change; the same rules as ``nearby.WHAT_IF_BITS`` (tested).
_KINDS = {SECTOR: "sector", DISTANCE: "distance", SCHEDULE: "schedule", CERT: "certification",
          GRADE: "grade", AGE: "age", RANK: "ranking", WORK_HOURS: "work_hours", PATHWAY: "pathway"}
#: Effort of the changes that are not the student's to make.
WORK_HOURS_EFFORT = PATHWAY_EFFORT = 3.0


def best_what_ifs(c: Compiled, ev: Evaluated) -> dict[int, WhatIf]:
    """Return, per student index, the what-if of least effort among ``ev``'s pairs."""
    single = np.isin(ev.fails, WHAT_IF_BITS)
    idx = np.flatnonzero(single)
    score = _effort(c, ev, idx)
    order = np.lexsort((ev.j[idx], ev.dist[idx], score, ev.s[idx]))
    idx = idx[order]
    first = np.r_[True, ev.s[idx][1:] != ev.s[idx][:-1]] if len(idx) else np.zeros(0, dtype=bool)
    return {int(ev.s[p]): describe(c, int(ev.s[p]), int(ev.j[p]), int(ev.fails[p]), float(ev.dist[p]))
            for p in idx[first]}


def _effort(c: Compiled, ev: Evaluated, idx: np.ndarray) -> np.ndarray:
    s, j, fails = ev.s[idx], ev.j[idx], ev.fails[idx]
    distance = (ev.dist[idx] - c.s_limit[s]) / 2
    schedule = ev.shortfall[idx] / 60
    certs = 3 * _popcount(c.j_req[j] & ~c.s_cert[s])
    grade = 4 * _years(c.j_min_grade[j], c.s_grade[s])
    age = 4 * _years(c.j_min_age[j], c.s_age[s])
    listed = member(c.pair_key(s, j), c.pref_key)
    ranking = np.where(listed, 3.0, 1.0)
    return np.select([fails == DISTANCE, fails == SCHEDULE, fails == SECTOR, fails == CERT, fails == GRADE,
                      fails == AGE, fails == RANK, fails == WORK_HOURS, fails == PATHWAY],
                     [distance, schedule, 2.0, certs, grade, age, ranking, WORK_HOURS_EFFORT, PATHWAY_EFFORT])


def _popcount(words: np.ndarray) -> np.ndarray:
    """Set bits per row of a uint64 matrix (numpy < 2 has no bitwise_count)."""
    as_bytes = np.ascontiguousarray(words).view(np.uint8).reshape(len(words), 8 * words.shape[1])
    return np.unpackbits(as_bytes, axis=1).sum(axis=1)


def _years(minimum: np.ndarray, value: np.ndarray) -> np.ndarray:
    # A missing grade/age counts as one year short: the student may simply not have said.
    gap = minimum.astype(np.float64) - np.where(value == np.iinfo(np.int64).min, minimum - 1, value)
    return np.maximum(gap, 1.0)


def describe(c: Compiled, s: int, j: int, fails: int, dist: float) -> WhatIf:
    """Build the what-if for one pair that breaks exactly one rule."""
    student, slot = c.students[s], c.slots[j]
    kind = _KINDS[fails]
    if kind == "distance":
        return _distance(student, slot.id, dist, float(c.s_limit[s]))
    if kind == "schedule":
        gaps = msg.uncovered(slot, student)
        return WhatIf(kind, slot.id, f"Be free on {msg.when_phrase(gaps)}",
                      {"free": [{"day": d, "start": a, "end": b} for d, a, b in _gap_dicts(gaps)]})
    if kind == "sector":
        return WhatIf(kind, slot.id, f"Add {msg.sector_name(slot.sector)} to your career interests",
                      {"sector": slot.sector})
    if kind == "ranking":
        return _ranking(c, student, slot)
    if kind == "work_hours":
        return _work_hours(c, student, slot)
    if kind == "pathway":
        return _pathway(student, slot)
    return WhatIf(kind, slot.id, f"Have {msg.missing_phrase(student, slot)}", _eligibility_details(kind, student, slot))


def _distance(student, slot_id: str, dist: float, limit: float) -> WhatIf:
    extra = msg.extra_km(dist, limit)
    details = {"extra_km": extra, "limit_km": round(limit + extra, 1)}
    message = f"+{extra:.1f} km: be able to travel {limit + extra:.1f} km instead of {limit:.1f} km"
    minutes = msg.extra_minutes(student, dist)
    if minutes is not None:
        details["extra_minutes"] = minutes
        message += f" (about {minutes} more minutes)"
    return WhatIf("distance", slot_id, message, details)


def _ranking(c: Compiled, student, slot) -> WhatIf:
    listed = slot.id in (student.preferences or ())
    if listed:
        return WhatIf("ranking", slot.id, f"Be ranked by the employer of slot {slot.id}", {})
    text = f"Add slot {slot.id} to your list of choices"
    if c.round.policy.mechanism == "stable" and student.id not in (slot.ranking or ()):
        text += " and be ranked by its employer"
    return WhatIf("ranking", slot.id, text, {})


def _work_hours(c: Compiled, student, slot) -> WhatIf:
    found = work_hours.breach(student, slot, c.round.policy)
    text = (f"A shift within the limits at slot {slot.id}: it asks for "
            f"{work_hours.breach_phrase(student, found)}")
    return WhatIf("work_hours", slot.id, text, found.to_dict())


def _pathway(student, slot) -> WhatIf:
    details = {"pathways": list(slot.pathways)}
    if student.pathway is None:
        return WhatIf("pathway", slot.id, f"Choose a pathway: slot {slot.id} is meant for {pathways.meant_for(slot)}",
                      details)
    details["add"] = student.pathway
    return WhatIf("pathway", slot.id, f"Slot {slot.id} open to your pathway ({student.pathway}): it is meant for "
                  f"{pathways.meant_for(slot)}", details)


def _eligibility_details(kind: str, student, slot) -> dict:
    if kind == "certification":
        return {"certifications": [r for r in slot.requires if r not in student.certifications]}
    return {"min_grade": slot.min_grade} if kind == "grade" else {"min_age": slot.min_age}


def _gap_dicts(gaps):
    return [(DAYS[d], format_time(a), format_time(b)) for d, a, b in gaps]
