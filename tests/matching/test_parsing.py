"""Reading round files: valid files load, every bad input names its place."""

import json

import pytest

from wbl_match.matching import RoundFileError, load_round, read_round_file
from wbl_match.matching.instance import Interval

from round_factories import HEALTH, iv, make_round, make_slot, make_student


def test_the_spec_example_loads_into_frozen_dataclasses(spec_example):
    round_ = load_round(spec_example)
    assert round_.name == "Central Valley summer 2027"
    assert round_.students[0].availability[0] == Interval(0, 900, 1110)
    with pytest.raises(AttributeError):
        round_.students[0].grade = 12


def test_round_to_dict_reads_back_to_an_equal_round(spec_example):
    round_ = load_round(spec_example)
    assert load_round(round_.to_dict()) == round_


def test_loading_never_changes_the_input(spec_example):
    before = json.dumps(spec_example, sort_keys=True)
    load_round(spec_example)
    assert json.dumps(spec_example, sort_keys=True) == before


def test_defaults_apply_when_policy_is_absent():
    round_ = load_round(make_round([make_student()], [make_slot()]))
    assert (round_.policy.mechanism, round_.policy.sector_rule, round_.policy.only_ranked) == \
        ("optimal", "required", False)


def test_home_may_be_absent_when_every_slot_is_remote():
    student = {"id": "s1", "sectors": [HEALTH]}
    slot = {"id": "j1", "sector": HEALTH, "capacity": 1, "remote": True}
    assert load_round(make_round([student], [slot])).students[0].home is None


def test_24_00_is_accepted_as_an_end_time():
    student = make_student(availability=[iv("fri", "20:00", "24:00")])
    assert load_round(make_round([student], [])).students[0].availability[0].end == 1440


BAD_INPUTS = [
    (lambda r: r.update(format="wbl-match-round/2"), "format", "must be"),
    (lambda r: r.pop("students"), "students", "is required"),
    (lambda r: r.update(slots={}), "slots", "must be an array"),
    (lambda r: r["policy"].update(mechanism="greedy"), "policy.mechanism", "must be one of"),
    (lambda r: r["policy"].update(only_ranked="yes"), "policy.only_ranked", "true or false"),
    (lambda r: r["students"][1]["home"].update(lat=91), "students[1].home.lat", "between -90 and 90"),
    (lambda r: r["students"][1]["home"].update(lon="x"), "students[1].home.lon", "must be a number"),
    (lambda r: r["students"][1].update(id=""), "students[1].id", "non-empty string"),
    (lambda r: r["students"][1].update(id="s0"), "students[1].id", 'duplicate id "s0"'),
    (lambda r: r["slots"][1].update(id="j0"), "slots[1].id", 'duplicate id "j0"'),
    (lambda r: r["students"][1].pop("sectors"), "students[1].sectors", "is required"),
    (lambda r: r["students"][1].update(sectors=["cooking"]), "students[1].sectors[0]", "must be one of"),
    (lambda r: r["students"][1].update(sectors=[HEALTH, HEALTH]), "students[1].sectors[1]", "listed twice"),
    (lambda r: r["students"][1].update(grade=10.5), "students[1].grade", "must be an integer"),
    (lambda r: r["students"][1].update(travel={"max_km": 0}), "students[1].travel.max_km", "greater than 0"),
    (lambda r: r["students"][1].update(travel={"max_minutes": 30}), "students[1].travel.mode", "is required"),
    (lambda r: r["students"][1].update(travel={"mode": "rocket", "max_minutes": 30}),
     "students[1].travel.mode", "must be one of"),
    (lambda r: r["students"][1].update(availability=[iv("mon", "17:00", "15:00")]),
     "students[1].availability[0].end", "must be after start"),
    (lambda r: r["students"][1].update(availability=[iv("mon", "7:00", "9:00")]),
     "students[1].availability[0].start", "HH:MM"),
    (lambda r: r["students"][1].update(availability=[iv("monday", "07:00", "09:00")]),
     "students[1].availability[0].day", "must be one of"),
    (lambda r: r["slots"][1]["schedule"].append(iv("tue", "10:00", "10:00")),
     "slots[1].schedule[1].end", "must be after start"),
    (lambda r: r["slots"][1].update(capacity=0), "slots[1].capacity", "at least 1"),
    (lambda r: r["slots"][1].pop("capacity"), "slots[1].capacity", "is required"),
    (lambda r: r["slots"][1].update(capacity=True), "slots[1].capacity", "must be an integer"),
    (lambda r: r["slots"][1].pop("site"), "slots[1].site", "unless the slot is remote"),
    (lambda r: r["slots"][1].pop("sector"), "slots[1].sector", "is required"),
    (lambda r: r["students"][1].pop("home"), "students[1].home", "is required"),
    (lambda r: r["students"][1].update(preferences=["j9"]), "students[1].preferences[0]", 'unknown slot "j9"'),
    (lambda r: r["slots"][0].update(ranking=["s0", "s9"]), "slots[0].ranking[1]", 'unknown student "s9"'),
    (lambda r: r.update(costs=[{"student": "s9", "slot": "j0", "cost": 1}]), "costs[0].student", "unknown student"),
    (lambda r: r.update(costs=[{"student": "s0", "slot": "j0", "cost": -1}]), "costs[0].cost", "between 0 and 1000000"),
    (lambda r: r.update(costs=[{"student": "s0", "slot": "j0", "cost": 1}] * 2), "costs[1]", "listed twice"),
    (lambda r: r.update(exclusions=[{"student": "s0", "slot": "j9"}]), "exclusions[0].slot", "unknown slot"),
    (lambda r: r.update(pins=[{"student": "s0"}]), "pins[0].slot", "is required"),
    (lambda r: r.update(pins=[{"student": "s1", "slot": "j0"}]), "pins[0]", "breaks too_far"),
    (lambda r: r.update(pins=[{"student": "s0", "slot": "j0"}], exclusions=[{"student": "s0", "slot": "j0"}]),
     "pins[0]", "breaks excluded"),
    (lambda r: r.update(pins=[{"student": "s0", "slot": "j0"}, {"student": "s2", "slot": "j0"}]),
     "pins[1]", "capacity 1"),
    (lambda r: r.update(pins=[{"student": "s0", "slot": "j0"}, {"student": "s0", "slot": "j1"}]),
     "pins[1]", "already pinned"),
    (lambda r: r.update(policy={"mechanism": "stable"}), "students[0].preferences", "is required"),
]


def _base() -> dict:
    students = [make_student("s0", travel={"max_km": 5}), make_student("s1", north_km=20, travel={"max_km": 5}),
                make_student("s2")]
    slots = [make_slot("j0"), make_slot("j1", schedule=[iv("mon", "09:00", "10:00")])]
    return make_round(students, slots, policy={})


@pytest.mark.parametrize("change, path, words", BAD_INPUTS)
def test_bad_input_raises_an_error_that_names_its_place(change, path, words):
    data = _base()
    change(data)
    with pytest.raises(RoundFileError) as caught:
        load_round(data)
    assert caught.value.path == path
    assert words in caught.value.message
    assert str(caught.value) == f"{path}: {caught.value.message}"


def test_a_round_that_is_not_an_object_is_an_error():
    with pytest.raises(RoundFileError, match="must be an object"):
        load_round([])


def test_pins_are_an_error_with_the_stable_mechanism():
    data = make_round([make_student(preferences=["j1"])], [make_slot(ranking=["s1"])],
                      policy={"mechanism": "stable"}, pins=[{"student": "s1", "slot": "j1"}])
    with pytest.raises(RoundFileError, match="pins: are not allowed"):
        load_round(data)


def test_unreadable_and_invalid_json_files_are_errors(tmp_path):
    with pytest.raises(RoundFileError, match="cannot read file"):
        read_round_file(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(RoundFileError, match="not valid JSON"):
        read_round_file(broken)


def test_repeated_values_are_shared_but_each_is_still_validated():
    week = [iv("mon", "15:00", "18:00")]
    students = [make_student("s1", availability=week, travel={"max_km": 1}),
                make_student("s2", availability=[dict(x) for x in week], travel={"max_km": 1})]
    round_ = load_round(make_round(students, [make_slot()]))
    assert round_.students[0].availability is round_.students[1].availability
    assert round_.students[0].travel is round_.students[1].travel
    students.append(make_student("s3", travel={"max_km": True}))
    with pytest.raises(RoundFileError, match=r"students\[2\]\.travel\.max_km: must be a number"):
        load_round(make_round(students, [make_slot()]))


def test_a_bad_repeat_of_a_good_interval_list_is_still_an_error():
    good = [iv("mon", "15:00", "18:00")]
    bad = [{"day": "mon", "start": "15:00", "end": "18:00", "extra": []}, {"day": "mon", "start": [], "end": 1}]
    students = [make_student("s1", availability=good), make_student("s2", availability=bad)]
    with pytest.raises(RoundFileError, match=r"students\[1\]\.availability\[1\]\.start"):
        load_round(make_round(students, [make_slot()]))


def test_an_interval_repeated_inside_different_weeks_is_shared():
    students = [make_student("s1", availability=[iv("mon", "15:00", "18:00"), iv("tue", "15:00", "17:00")]),
                make_student("s2", availability=[iv("wed", "09:00", "12:00"), iv("mon", "15:00", "18:00")])]
    round_ = load_round(make_round(students, [make_slot()]))
    first, second = round_.students[0].availability, round_.students[1].availability
    assert first is not second and first[0] is second[1] and first[0] == Interval(0, 900, 1080)


def test_a_bad_interval_in_a_new_week_names_its_own_place_after_good_ones_were_shared():
    students = [make_student("s1", availability=[iv("mon", "15:00", "18:00")]),
                make_student("s2", availability=[iv("mon", "15:00", "18:00"), iv("tue", "18:00", "15:00")]),
                make_student("s3", availability=[iv("mon", "15:00", "18:00"), ["mon"]])]
    with pytest.raises(RoundFileError, match=r"students\[1\]\.availability\[1\]\.end: must be after start"):
        load_round(make_round(students, [make_slot()]))
    with pytest.raises(RoundFileError, match=r"students\[1\]\.availability\[1\]: must be an object"):
        load_round(make_round([students[0], students[2]], [make_slot()]))
