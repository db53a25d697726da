"""Mechanism ``stable``: student-proposing deferred acceptance."""

import json
from pathlib import Path

import pytest

from round_factories import PUBLIC, make_round, make_slot, make_student, reasons_of, solve_dict

KNOWN = json.loads((Path(__file__).resolve().parent / "data" / "known_answer_examples.json").read_text())
HR_CASES = sorted(k for k, v in KNOWN.items() if isinstance(v, dict) and v.get("type") == "hospital_resident")


def hr_round(case: dict) -> dict:
    """A hospitals/residents instance as a round: every slot remote, one shared sector."""
    students = [{"id": r, "sectors": [PUBLIC], "preferences": prefs} for r, prefs in case["resident_prefs"].items()]
    slots = [{"id": h, "sector": PUBLIC, "remote": True, "capacity": case["capacities"][h], "ranking": ranks}
             for h, ranks in case["hospital_prefs"].items()]
    return make_round(students, slots, policy={"mechanism": "stable"})


def matching_of(result: dict) -> dict:
    out: dict = {}
    for p in result["placements"]:
        out.setdefault(p["slot"], set()).add(p["student"])
    return out


@pytest.mark.parametrize("name", HR_CASES)
def test_known_answer_instances_give_the_student_optimal_matching(name):
    case = KNOWN[name]
    expected = {h: set(rs) for h, rs in case["expected"].items() if rs}
    assert matching_of(solve_dict(hr_round(case))) == expected


def blocking_pairs(data: dict, result: dict, feasible: set | None = None) -> list:
    """Mutually ranked (and feasible) pairs where both sides would rather have each other."""
    slot_of = {p["student"]: p["slot"] for p in result["placements"]}
    taken: dict = {}
    for student, slot in slot_of.items():
        taken.setdefault(slot, []).append(student)
    slots = {j["id"]: j for j in data["slots"]}
    blocking = []
    for s in data["students"]:
        prefs = s["preferences"]
        current = prefs.index(slot_of[s["id"]]) if s["id"] in slot_of else len(prefs)
        for slot_id in prefs[:current]:
            ranking = slots[slot_id]["ranking"]
            if s["id"] not in ranking or (feasible is not None and (s["id"], slot_id) not in feasible):
                continue
            held = taken.get(slot_id, [])
            worst = max((ranking.index(x) for x in held), default=-1)
            if len(held) < slots[slot_id]["capacity"] or ranking.index(s["id"]) < worst:
                blocking.append((s["id"], slot_id))
    return blocking


def test_a_hand_worked_example_has_no_blocking_pair_and_favours_students():
    # Both students want j1 first; j1 prefers s2. s1 falls back to j2.
    students = [make_student("s1", preferences=["j1", "j2"]), make_student("s2", preferences=["j1"])]
    slots = [make_slot("j1", ranking=["s2", "s1"]), make_slot("j2", ranking=["s1"])]
    data = make_round(students, slots, policy={"mechanism": "stable"})
    result = solve_dict(data)
    assert {p["student"]: p["slot"] for p in result["placements"]} == {"s1": "j2", "s2": "j1"}
    assert blocking_pairs(data, result) == []


def test_student_optimal_when_two_stable_matchings_exist():
    # s1 prefers j1, s2 prefers j2; the slots prefer the other way. Students propose: they win.
    students = [make_student("s1", preferences=["j1", "j2"]), make_student("s2", preferences=["j2", "j1"])]
    slots = [make_slot("j1", ranking=["s2", "s1"]), make_slot("j2", ranking=["s1", "s2"])]
    result = solve_dict(make_round(students, slots, policy={"mechanism": "stable"}))
    assert {p["student"]: p["slot"] for p in result["placements"]} == {"s1": "j1", "s2": "j2"}


def test_pairs_must_be_feasible_and_ranked_by_both_sides():
    students = [make_student("s1", preferences=["j1", "j2"], travel={"max_km": 5}),
                make_student("s2", preferences=["j3"])]
    slots = [make_slot("j1", north_km=20, ranking=["s1"]), make_slot("j2", ranking=[]),
             make_slot("j3", ranking=["s2"], sector=PUBLIC)]
    result = solve_dict(make_round(students, slots, policy={"mechanism": "stable"}))
    assert result["placements"] == []
    assert reasons_of(result, "s1") == {"no_sector_match": 1, "too_far": 1, "not_ranked": 1, "no_feasible_slot": 0}


def test_a_student_turned_down_everywhere_is_told_the_places_were_taken():
    students = [make_student("s1", preferences=["j1"]), make_student("s2", preferences=["j1"])]
    slots = [make_slot("j1", ranking=["s2", "s1"])]
    result = solve_dict(make_round(students, slots, policy={"mechanism": "stable"}))
    assert reasons_of(result, "s1") == {"capacity_taken": 1}
    assert "ranked higher" in result["unplaced"][0]["reasons"][0]["message"]
