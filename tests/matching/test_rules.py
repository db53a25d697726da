"""Every feasibility rule of the spec, on hand-made one- or two-slot rounds."""

import pytest

from wbl_match.matching.travel import haversine_km

from round_factories import HEALTH, PUBLIC, iv, make_round, make_slot, make_student, reasons_of, solve_dict


def placed(result: dict) -> dict:
    return {p["student"]: p["slot"] for p in result["placements"]}


def test_student_is_placed_in_a_slot_of_a_chosen_sector():
    assert placed(solve_dict(make_round([make_student()], [make_slot()]))) == {"s1": "j1"}


def test_student_is_not_placed_in_a_sector_they_did_not_choose():
    result = solve_dict(make_round([make_student(sectors=[PUBLIC])], [make_slot(sector=HEALTH)]))
    assert placed(result) == {}
    assert reasons_of(result, "s1") == {"no_sector_match": 1, "no_feasible_slot": 0}


def test_preferred_sector_rule_allows_any_sector():
    data = make_round([make_student(sectors=[PUBLIC])], [make_slot(sector=HEALTH)],
                      policy={"sector_rule": "preferred"})
    assert placed(solve_dict(data)) == {"s1": "j1"}


def test_student_is_not_placed_beyond_max_travel():
    data = make_round([make_student(travel={"max_km": 10})], [make_slot(north_km=10.5)])
    assert reasons_of(solve_dict(data), "s1") == {"too_far": 1, "no_feasible_slot": 0}


def test_a_slot_exactly_at_the_limit_is_within_it():
    data = make_round([make_student()], [make_slot(north_km=9.9)])
    home, site = data["students"][0]["home"], data["slots"][0]["site"]
    data["students"][0]["travel"] = {"max_km": haversine_km(home["lat"], home["lon"], site["lat"], site["lon"])}
    assert placed(solve_dict(data)) == {"s1": "j1"}


def test_remote_slots_ignore_distance():
    slot = {"id": "j1", "sector": HEALTH, "capacity": 1, "remote": True}
    assert placed(solve_dict(make_round([make_student(travel={"max_km": 1})], [slot]))) == {"s1": "j1"}


def test_no_travel_limit_means_any_distance():
    assert placed(solve_dict(make_round([make_student()], [make_slot(north_km=400)]))) == {"s1": "j1"}


@pytest.mark.parametrize("mode, minutes, km, fits", [
    ("walk", 30, 2.0, False),   # 30 min walking ≈ 1.9 km straight line
    ("walk", 30, 1.8, True),
    ("bike", 30, 5.0, True),
    ("transit", 40, 6.0, True),  # 30 min riding after a 10-min wait ≈ 6.4 km
    ("transit", 40, 7.0, False),
    ("car", 20, 7.0, True),
    ("school_bus", 20, 6.0, False),
])
def test_travel_time_limit_uses_mode_speed_and_circuity(mode, minutes, km, fits):
    student = make_student(travel={"mode": mode, "max_minutes": minutes})
    result = solve_dict(make_round([student], [make_slot(north_km=km)]))
    assert (placed(result) == {"s1": "j1"}) is fits


def test_both_km_and_minutes_apply_when_both_are_given():
    student = make_student(travel={"max_km": 3, "mode": "car", "max_minutes": 60})
    assert placed(solve_dict(make_round([student], [make_slot(north_km=4)]))) == {}


def test_schedule_must_lie_inside_availability():
    student = make_student(availability=[iv("mon", "15:00", "17:00")])
    slot = make_slot(schedule=[iv("mon", "16:00", "18:00")])
    assert reasons_of(solve_dict(make_round([student], [slot])), "s1") == \
        {"schedule_conflict": 1, "no_feasible_slot": 0}


def test_touching_availability_intervals_are_merged():
    student = make_student(availability=[iv("mon", "15:00", "16:00"), iv("mon", "16:00", "18:00")])
    slot = make_slot(schedule=[iv("mon", "15:30", "17:30")])
    assert placed(solve_dict(make_round([student], [slot]))) == {"s1": "j1"}


def test_availability_is_not_merged_across_midnight():
    student = make_student(availability=[iv("mon", "22:00", "24:00"), iv("tue", "00:00", "02:00")])
    slot = make_slot(schedule=[iv("mon", "23:00", "24:00"), iv("tue", "00:00", "01:00")])
    assert placed(solve_dict(make_round([student], [slot]))) == {"s1": "j1"}


def test_availability_on_another_day_does_not_count():
    student = make_student(availability=[iv("tue", "15:00", "18:00")])
    slot = make_slot(schedule=[iv("mon", "15:00", "16:00")])
    assert placed(solve_dict(make_round([student], [slot]))) == {}


def test_absent_availability_means_free_at_any_time_but_empty_means_never():
    slot = make_slot(schedule=[iv("sat", "08:00", "12:00")])
    assert placed(solve_dict(make_round([make_student()], [slot]))) == {"s1": "j1"}
    assert placed(solve_dict(make_round([make_student(availability=[])], [slot]))) == {}
    assert placed(solve_dict(make_round([make_student(availability=[])], [make_slot()]))) == {"s1": "j1"}


@pytest.mark.parametrize("student_fields, slot_fields, fits", [
    ({"grade": 11}, {"min_grade": 11}, True),
    ({"grade": 10}, {"min_grade": 11}, False),
    ({}, {"min_grade": 11}, False),
    ({"age": 16}, {"min_age": 16}, True),
    ({"age": 15}, {"min_age": 16}, False),
    ({}, {"min_age": 16}, False),
    ({"certifications": ["cpr", "food"]}, {"requires": ["cpr"]}, True),
    ({"certifications": ["food"]}, {"requires": ["cpr"]}, False),
    ({}, {}, True),
])
def test_eligibility_needs_grade_age_and_certifications(student_fields, slot_fields, fits):
    result = solve_dict(make_round([make_student(**student_fields)], [make_slot(**slot_fields)]))
    assert (placed(result) == {"s1": "j1"}) is fits
    if not fits:
        assert reasons_of(result, "s1") == {"ineligible": 1, "no_feasible_slot": 0}


def test_excluded_pair_is_never_placed():
    data = make_round([make_student()], [make_slot()], exclusions=[{"student": "s1", "slot": "j1"}])
    assert reasons_of(solve_dict(data), "s1") == {"excluded": 1, "no_feasible_slot": 0}


def test_only_ranked_limits_students_to_their_preferences():
    data = make_round([make_student(preferences=["j2"])], [make_slot("j1"), make_slot("j2", north_km=50)],
                      policy={"only_ranked": True})
    assert placed(solve_dict(data)) == {"s1": "j2"}
    data["students"][0]["preferences"] = []
    assert reasons_of(solve_dict(data), "s1") == {"not_ranked": 2, "no_feasible_slot": 0}


def test_each_slot_takes_at_most_its_capacity_and_the_rest_are_told_why():
    students = [make_student(f"s{i}") for i in range(3)]
    result = solve_dict(make_round(students, [make_slot(capacity=2)]))
    assert result["objective"]["placed"] == 2
    assert result["slots"] == [{"slot": "j1", "capacity": 2, "filled": 2}]
    (unplaced,) = result["unplaced"]
    assert [r["code"] for r in unplaced["reasons"]] == ["capacity_taken"]
    assert unplaced["reasons"][0]["slots"] == 1


def test_each_slot_is_counted_under_the_first_rule_it_breaks():
    student = make_student(travel={"max_km": 5}, grade=9, availability=[iv("mon", "15:00", "16:00")])
    slots = [make_slot("a", sector=PUBLIC), make_slot("b", north_km=8, min_grade=11),
             make_slot("c", schedule=[iv("tue", "15:00", "16:00")], min_grade=11),
             make_slot("d", min_grade=11), make_slot("e")]
    data = make_round([student], slots, exclusions=[{"student": "s1", "slot": "e"}])
    assert reasons_of(solve_dict(data), "s1") == {
        "no_sector_match": 1, "too_far": 1, "schedule_conflict": 1, "ineligible": 1, "excluded": 1,
        "no_feasible_slot": 0}
