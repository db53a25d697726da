"""Student-proposing deferred acceptance (hospitals/residents).

Run over the feasible pairs that both sides rank; gives the student-optimal
stable matching, which is unique, so the order of proposals does not matter.
"""

import heapq

import numpy as np

from .compiled import Compiled
from .feasibility import lookup


def stable_matching(c: Compiled, s: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Return a boolean mask over the pairs (s, j): the student-optimal stable matching.

    Every pair given must be feasible and mutually ranked.
    """
    keys = c.pair_key(s, j)
    student_rank = lookup(keys, c.pref_key, c.pref_rank, -1)
    slot_rank = lookup(keys, c.rank_key, c.rank_rank, -1)
    order = np.lexsort((student_rank, s))
    proposals: list[list[int]] = [[] for _ in range(c.n_students)]
    for p in order.tolist():
        proposals[int(s[p])].append(p)
    held = deferred_acceptance(proposals, s.tolist(), j.tolist(), slot_rank.tolist(), c.j_capacity.tolist())
    chosen = np.zeros(len(s), dtype=bool)
    chosen[held] = True
    return chosen


def deferred_acceptance(proposals: list[list[int]], pair_student: list[int], pair_slot: list[int],
                        pair_rank: list[int], capacity: list[int]) -> list[int]:
    """Core algorithm over pair numbers; returns the pairs held at the end.

    ``proposals[student]`` lists the student's pairs, most wanted first; pair p
    joins ``pair_student[p]`` to ``pair_slot[p]``, and ``pair_rank[p]`` is the
    slot's rank of that student (lower is better).
    """
    held: list[list[tuple[int, int]]] = [[] for _ in capacity]  # max-heaps by rank
    next_choice = [0] * len(proposals)
    free = [st for st in range(len(proposals) - 1, -1, -1) if proposals[st]]
    while free:
        student = free.pop()
        while next_choice[student] < len(proposals[student]):
            p = proposals[student][next_choice[student]]
            next_choice[student] += 1
            heap = held[pair_slot[p]]
            heapq.heappush(heap, (-pair_rank[p], p))
            if len(heap) <= capacity[pair_slot[p]]:
                break
            _, rejected = heapq.heappop(heap)
            if rejected != p:
                # The slot keeps the newcomer and lets its least wanted student go.
                free.append(pair_student[rejected])
                break
    return [p for heap in held for _, p in heap]
