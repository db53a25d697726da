"""Rule 8, pathways: the vectorised test, the derived cost's pathway term, and words.

A pathway is a programme of study within a sector (a string code; the engine knows no list of them).
Under ``pathway_rule: required`` a slot that lists ``pathways`` takes only students of one of them
(``rules.pathway_ok`` is the plain statement); under ``preferred`` every slot is allowed and the derived
cost adds a pathway term (``PATHWAY_COSTS``, documented in docs/engine.md).
"""

from dataclasses import dataclass

import numpy as np

from .instance import Policy, Slot, Student

#: The derived cost's pathway term under ``preferred``: the slot lists the student's pathway; the slot
#: lists no pathway (open to any); the slot is meant for other pathways (or the student has none).
PATHWAY_MATCH, PATHWAY_ANY, PATHWAY_OTHER = 0, 10, 20


@dataclass(frozen=True)
class PathwayIndex:
    """Students' pathways as numbers, and the sorted keys ``slot · P + pathway`` the slots list."""

    s_pathway: np.ndarray
    j_lists: np.ndarray
    keys: np.ndarray
    width: int

    def listed(self, s: np.ndarray, j: np.ndarray) -> np.ndarray:
        """True where slot ``j`` lists student ``s``'s pathway."""
        keys = j.astype(np.int64) * self.width + self.s_pathway.take(s)
        if len(self.keys) == 0:
            return np.zeros(len(s), dtype=bool)
        idx = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return (self.keys[idx] == keys) & (self.s_pathway.take(s) >= 0)


def index(c) -> PathwayIndex:
    """The pathway index of a compiled round (built once, kept in ``c.memo``)."""
    found = c.memo.get("pathways")
    if found is None:
        found = c.memo["pathways"] = build_index(c.students, c.slots)
    return found


def build_index(students, slots) -> PathwayIndex:
    """Number the pathway codes of the round's students and slots (in the compiled order)."""
    codes = sorted({s.pathway for s in students if s.pathway is not None} | {p for j in slots for p in j.pathways})
    number = {code: i for i, code in enumerate(codes)}
    width = max(1, len(codes))
    s_pathway = np.array([number.get(s.pathway, -1) for s in students], dtype=np.int64).reshape(len(students))
    keys = np.unique(np.array([j * width + number[p] for j, slot in enumerate(slots) for p in slot.pathways],
                              dtype=np.int64))
    j_lists = np.array([bool(slot.pathways) for slot in slots], dtype=bool).reshape(len(slots))
    return PathwayIndex(s_pathway, j_lists, keys, width)


def allows(c, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rule 8 for each (student, slot) index pair of the compiled round ``c``."""
    if c.round.policy.pathway_rule != "required":
        return np.ones(len(s), dtype=bool)
    ix = index(c)
    return ~ix.j_lists.take(j) | ix.listed(s, j)


def costs(c, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The derived cost's pathway term of each pair (0 unless the rule is ``preferred``)."""
    if c.round.policy.pathway_rule != "preferred":
        return np.zeros(len(s), dtype=np.int64)
    ix = index(c)
    return np.where(ix.listed(s, j), PATHWAY_MATCH,
                    np.where(ix.j_lists.take(j), PATHWAY_OTHER, PATHWAY_ANY)).astype(np.int64)


def cost(student: Student, slot: Slot, policy: Policy) -> int:
    """The pathway term of one pair, in plain Python (the reference for the checker)."""
    if policy.pathway_rule != "preferred":
        return 0
    if student.pathway is not None and student.pathway in slot.pathways:
        return PATHWAY_MATCH
    return PATHWAY_OTHER if slot.pathways else PATHWAY_ANY


def meant_for(slot: Slot) -> str:
    """``the nursing pathway`` / ``the nursing or dental pathways``."""
    names = list(slot.pathways)
    if len(names) == 1:
        return f"the {names[0]} pathway"
    return f"the {', '.join(names[:-1])} or {names[-1]} pathways"
