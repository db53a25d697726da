"""Mechanism ``optimal``: most students placed, then least cost, exactly."""

import json
import random
from pathlib import Path

import pytest

from wbl_match.matching import check_validity, load_round, solve

from round_factories import PUBLIC, make_round, make_slot, make_student, solve_dict

#: Test data kept in the repository (sources in data/README.md), so every test runs on a clean clone.
DATA = Path(__file__).resolve().parent / "data"
LAP_OPTIMA = {"assign100.txt": 305, "assign500.txt": 991, "assign600.txt": 1176, "assign700.txt": 1362}


def test_the_spec_example_keeps_its_pin_and_explicit_cost(spec_example):
    result = solve_dict(spec_example)
    assert result["placements"] == [{"student": "s-104", "slot": "j-7", "cost": 3}]
    assert result["objective"] == {"placed": 1, "total_cost": 3}
    assert result["unplaced"][0]["student"] == "s-311"


def test_solve_takes_no_time_limit_since_both_mechanisms_run_to_the_end(spec_example):
    with pytest.raises(TypeError):
        solve(load_round(spec_example), time_limit_s=5.0)


def test_the_empty_round_solves_to_an_empty_result():
    result = solve_dict(make_round())
    assert result["objective"] == {"placed": 0, "total_cost": 0}
    assert result["placements"] == result["unplaced"] == result["slots"] == []
    assert result["status"] == "optimal"


def test_a_round_with_nothing_feasible_places_nobody_and_explains_everyone():
    students = [make_student(f"s{i}", sectors=[PUBLIC]) for i in range(3)]
    result = solve_dict(make_round(students, [make_slot("j1"), make_slot("j2")]))
    assert result["objective"]["placed"] == 0
    assert [u["student"] for u in result["unplaced"]] == ["s0", "s1", "s2"]
    assert all(u["reasons"][0]["code"] == "no_sector_match" for u in result["unplaced"])


def test_students_without_slots_are_all_unplaced_with_no_feasible_slot():
    result = solve_dict(make_round([make_student()], []))
    assert result["unplaced"][0]["reasons"][0]["code"] == "no_feasible_slot"


def test_placing_more_students_beats_a_lower_cost():
    # s1 alone would prefer j1 (0 km); placing both needs s1 in j2 (30 km away).
    students = [make_student("s1"), make_student("s2", travel={"max_km": 1})]
    slots = [make_slot("j1"), make_slot("j2", north_km=30)]
    result = solve_dict(make_round(students, slots))
    assert {p["student"]: p["slot"] for p in result["placements"]} == {"s1": "j2", "s2": "j1"}


def test_derived_cost_adds_preference_sector_and_travel_terms():
    student = make_student(sectors=[PUBLIC, "health-science-medical-technology"], preferences=["j9", "j1"])
    slot = make_slot("j1", north_km=3.4)
    other = make_slot("j9", north_km=500, sector=PUBLIC, capacity=1)
    result = solve_dict(make_round([student, make_student("s2", north_km=500, sectors=[PUBLIC])], [slot, other]))
    # j1: listed second (10) + second sector (15) + 3 km (3) = 28
    assert result["placements"][0] == {"student": "s1", "slot": "j1", "cost": 28}


def test_explicit_costs_override_the_derived_cost():
    slots = [make_slot("j1"), make_slot("j2", north_km=20)]
    costs = [{"student": "s1", "slot": "j1", "cost": 500}, {"student": "s1", "slot": "j2", "cost": 4}]
    result = solve_dict(make_round([make_student()], slots, costs=costs))
    assert result["placements"] == [{"student": "s1", "slot": "j2", "cost": 4}]


def test_a_listed_cost_does_not_make_a_pair_feasible():
    costs = [{"student": "s1", "slot": "j1", "cost": 0}]
    result = solve_dict(make_round([make_student(sectors=[PUBLIC])], [make_slot()], costs=costs))
    assert result["objective"]["placed"] == 0


def test_pins_hold_even_when_they_cost_a_placement():
    students = [make_student("s1"), make_student("s2", travel={"max_km": 1})]
    slots = [make_slot("j1"), make_slot("j2", north_km=30)]
    result = solve_dict(make_round(students, slots, pins=[{"student": "s1", "slot": "j1"}]))
    assert result["placements"] == [{"student": "s1", "slot": "j1", "cost": 100}]
    assert result["unplaced"][0]["reasons"][0]["code"] == "capacity_taken"


def _shuffled(data: dict, seed: int) -> dict:
    rng = random.Random(seed)
    data = json.loads(json.dumps(data))
    for key in ("students", "slots", "costs", "exclusions"):
        rng.shuffle(data.get(key, []))
    return data


def _tied_round() -> dict:
    # Twelve identical students and six identical slots: many optima of equal cost.
    students = [make_student(f"s{i:02d}") for i in range(12)]
    slots = [make_slot(f"j{k}", capacity=1) for k in range(6)]
    return make_round(students, slots, exclusions=[{"student": "s03", "slot": "j2"}])


def test_the_result_does_not_depend_on_the_order_of_the_arrays():
    base = solve_dict(_tied_round())
    for seed in range(5):
        again = solve_dict(_shuffled(_tied_round(), seed))
        again["stats"].pop("seconds"), base["stats"].pop("seconds", None)
        assert again == base


def _lap_round(name: str) -> dict:
    numbers = [int(x) for x in (DATA / name).read_text().split()]
    n, cost = numbers[0], numbers[1:]
    students = [{"id": f"s{i:03d}", "sectors": [PUBLIC]} for i in range(n)]
    slots = [{"id": f"j{k:03d}", "sector": PUBLIC, "capacity": 1, "remote": True} for k in range(n)]
    costs = [{"student": f"s{i:03d}", "slot": f"j{k:03d}", "cost": cost[i * n + k]}
             for i in range(n) for k in range(n)]
    return make_round(students, slots, costs=costs)


def _check_lap(name: str) -> None:
    round_ = load_round(_lap_round(name))
    result = solve(round_)
    assert (result.placed, result.total_cost) == (len(round_.students), LAP_OPTIMA[name])
    assert check_validity(round_, result) == []


def test_or_library_assign100_reaches_its_proven_optimum():
    _check_lap("assign100.txt")


@pytest.mark.slow
@pytest.mark.parametrize("name", ["assign500.txt", "assign600.txt", "assign700.txt"])
def test_larger_or_library_instances_reach_their_proven_optima(name):
    _check_lap(name)


def test_the_optional_id_tie_break_keeps_the_optimum_and_is_order_independent():
    base = solve(load_round(_tied_round()), tie_break=True)
    plain = solve(load_round(_tied_round()))
    assert (base.placed, base.total_cost) == (plain.placed, plain.total_cost)
    assert base.stats["tie_break_range"] > 1
    for seed in range(3):
        again = solve(load_round(_shuffled(_tied_round(), seed)), tie_break=True)
        assert again.placements == base.placements
