"""Demo students' rankings in the open spring round: most rank a few of the slots they could take.

Each ranking student lists slots they are eligible for under the round's own rules (the same check the
student's slots page uses), those in their first career area first, then nearer ones, with some personal
taste mixed in. Drawn from its own seeded generator, so adding rankings leaves the rest of the demo as it was.
"""
from __future__ import annotations

import random

from wbl_match.matching import Policy
from wbl_match.matching.rules import distance_km, pair_failures
from wbl_match.models import MatchRound, Preference, Slot, StudentProfile
from wbl_match.services.engine_io import engine_slot, engine_student

#: Share of students who rank at all (the others leave it to the matching).
RANKING_SHARE = 0.6
#: How many slots a ranking student lists, drawn evenly from these (capped by the round's maximum).
HOW_MANY = (1, 2, 3, 3, 4, 5)
#: Slots further than this from home are not checked at all: no demo travel limit reaches it.
REACH_KM = 60.0


def spring_rankings(rng: random.Random, match_round: MatchRound, students: list[StudentProfile],
                    slots: list[Slot]) -> list[Preference]:
    """The rankings of ``students`` among ``slots`` (the round's), as Preference rows of ``match_round``."""
    policy = Policy(mechanism="optimal", sector_rule=match_round.sector_rule.value, only_ranked=False)
    candidates = [(slot.id, slot.sector_code, engine_slot(slot)) for slot in slots]
    rows: list[Preference] = []
    for profile in students:
        if rng.random() >= RANKING_SHARE:
            continue
        student = engine_student(profile, on=match_round.term_start)
        choices = []
        for slot_id, sector, candidate in candidates:
            km = distance_km(student, candidate)
            if km is not None and km > REACH_KM:
                continue
            if pair_failures(student, candidate, policy, km=km):
                continue
            sector_rank = student.sectors.index(sector) if sector in student.sectors else len(student.sectors)
            choices.append((sector_rank, (km or 0.0) * rng.uniform(0.6, 1.4), slot_id))
        choices.sort()
        wanted = min(rng.choice(HOW_MANY), match_round.max_ranked)
        rows.extend(Preference(round_id=match_round.id, student_id=profile.id, slot_id=slot_id, rank=rank)
                    for rank, (_, _, slot_id) in enumerate(choices[:wanted], start=1))
    return rows
