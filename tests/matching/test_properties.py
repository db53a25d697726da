"""Random small rounds against independent references (brute force, plain-Python rules)."""

import itertools

import numpy as np
from hypothesis import given, settings

from wbl_match.matching import check_validity, load_round, solve
from wbl_match.matching.compiled import compile_round
from wbl_match.matching.feasibility import ClassTable, feasible_pairs

from random_rounds import brute_force, reference_pairs, rounds
from test_stable import blocking_pairs

PROPERTY = settings(max_examples=80, derandomize=True, deadline=None)


@PROPERTY
@given(rounds())
def test_optimal_matches_brute_force_on_placed_count_and_cost(data):
    round_ = load_round(data)
    result = solve(round_)
    assert (result.placed, result.total_cost) == brute_force(round_)
    assert check_validity(round_, result) == []


@PROPERTY
@given(rounds())
def test_vectorised_feasibility_agrees_with_the_plain_rules(data):
    round_ = load_round(data)
    c = compile_round(round_)
    pairs = feasible_pairs(c)
    fast = {(c.students[s].id, c.slots[j].id) for s, j in zip(pairs.s.tolist(), pairs.j.tolist())}
    assert fast == set(reference_pairs(round_))
    assert len(fast) == len(pairs)  # no duplicates


@PROPERTY
@given(rounds())
def test_feasibility_without_the_class_table_agrees_with_the_plain_rules(data):
    round_ = load_round(data)
    c = compile_round(round_)
    original = ClassTable.MAX_CELLS
    ClassTable.MAX_CELLS = 0  # too many classes: the rules run pair by pair
    try:
        pairs = feasible_pairs(c)
    finally:
        ClassTable.MAX_CELLS = original
    fast = {(c.students[s].id, c.slots[j].id) for s, j in zip(pairs.s.tolist(), pairs.j.tolist())}
    assert fast == set(reference_pairs(round_))


@PROPERTY
@given(rounds())
def test_every_unplaced_student_has_reasons_whose_counts_add_up(data):
    round_ = load_round(data)
    result = solve(round_)
    for entry in result.unplaced:
        codes = [r.code for r in entry.reasons]
        if codes == ["capacity_taken"]:
            continue
        assert codes[-1] == "no_feasible_slot"
        assert sum(r.slots for r in entry.reasons) == len(round_.slots)


@PROPERTY
@given(rounds(mechanism="stable"))
def test_stable_has_no_blocking_pair_and_is_student_optimal(data):
    round_ = load_round(data)
    result = solve(round_)
    assert check_validity(round_, result) == []
    assert blocking_pairs(data, result.to_dict(), set(reference_pairs(round_))) == []
    engine = {p.student: p.slot for p in result.placements}
    for other in _all_stable_matchings(data, round_):
        for s in data["students"]:
            assert _rank(s, engine.get(s["id"])) <= _rank(s, other.get(s["id"]))


def _rank(student: dict, slot) -> int:
    return student["preferences"].index(slot) if slot is not None else len(student["preferences"])


def _all_stable_matchings(data, round_):
    """Every stable matching over the mutually ranked feasible pairs (tiny rounds only)."""
    pairs = set(reference_pairs(round_))
    options = [[None] + [j for (s2, j) in pairs if s2 == s["id"]] for s in data["students"]]
    capacity = {j["id"]: j["capacity"] for j in data["slots"]}
    for choice in itertools.product(*options):
        counts = {j: choice.count(j) for j in capacity}
        if any(counts[j] > capacity[j] for j in capacity):
            continue
        placements = [{"student": s["id"], "slot": j} for s, j in zip(data["students"], choice) if j]
        if not blocking_pairs(data, {"placements": placements}, pairs):
            yield {p["student"]: p["slot"] for p in placements}


@PROPERTY
@given(rounds(max_students=5, max_slots=3))
def test_shuffling_the_arrays_does_not_change_the_result(data):
    rng = np.random.default_rng(7)
    shuffled = dict(data)
    for key in ("students", "slots"):
        shuffled[key] = [data[key][i] for i in rng.permutation(len(data[key]))]
    a, b = solve(load_round(data)).to_dict(), solve(load_round(shuffled)).to_dict()
    a["stats"].pop("seconds"), b["stats"].pop("seconds")
    assert a == b


@PROPERTY
@given(rounds())
def test_the_id_tie_break_never_changes_the_objective(data):
    round_ = load_round(data)
    a, b = solve(round_), solve(round_, tie_break=True)
    assert (a.placed, a.total_cost) == (b.placed, b.total_cost)
