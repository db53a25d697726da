"""Reasons and what-ifs for unplaced students, in plain words."""

from wbl_match.matching import whatif
from wbl_match.matching.nearby import WHAT_IF_BITS

from round_factories import HEALTH, PUBLIC, iv, make_round, make_slot, make_student, solve_dict


def unplaced_entry(result: dict, student: str = "s1") -> dict:
    return next(u for u in result["unplaced"] if u["student"] == student)


def test_too_far_names_the_nearest_miss_and_the_limit():
    data = make_round([make_student(travel={"max_km": 10})], [make_slot(north_km=14.2), make_slot("j2", north_km=19)])
    entry = unplaced_entry(solve_dict(data))
    message = entry["reasons"][0]["message"]
    assert "2 slots in your career areas are farther than you can travel (10.0 km)" in message
    assert "14.2 km away" in message


def test_what_if_distance_gives_the_extra_km_needed():
    data = make_round([make_student(travel={"max_km": 10})], [make_slot(north_km=13.4)])
    what_if = unplaced_entry(solve_dict(data))["what_if"]
    assert what_if["kind"] == "distance"
    assert what_if["extra_km"] == 3.4
    assert what_if["message"].startswith("+3.4 km")


def test_what_if_distance_also_speaks_in_minutes_for_a_time_limit():
    student = make_student(travel={"mode": "transit", "max_minutes": 30})
    what_if = unplaced_entry(solve_dict(make_round([student], [make_slot(north_km=8)])))["what_if"]
    assert what_if["kind"] == "distance" and what_if["extra_minutes"] >= 1
    assert "more minutes" in what_if["message"]


def test_what_if_schedule_names_the_missing_free_time():
    student = make_student(availability=[iv("thu", "15:00", "16:30")])
    slot = make_slot(schedule=[iv("thu", "15:00", "17:00")])
    entry = unplaced_entry(solve_dict(make_round([student], [slot])))
    assert entry["what_if"]["message"] == "Be free on Thursday 16:30–17:00"
    assert entry["what_if"]["free"] == [{"day": "thu", "start": "16:30", "end": "17:00"}]
    assert "needs you free on Thursday 16:30–17:00" in entry["reasons"][0]["message"]


def test_what_if_certification_names_the_certificate():
    entry = unplaced_entry(solve_dict(make_round([make_student()], [make_slot(requires=["cpr"])])))
    assert entry["what_if"]["kind"] == "certification"
    assert entry["what_if"]["certifications"] == ["cpr"]
    assert "cpr certificate" in entry["reasons"][0]["message"]


def test_what_if_grade_and_age():
    for fields, kind in (({"min_grade": 11}, "grade"), ({"min_age": 16}, "age")):
        entry = unplaced_entry(solve_dict(make_round([make_student(grade=10, age=15)], [make_slot(**fields)])))
        assert entry["what_if"]["kind"] == kind


def test_what_if_sector_suggests_the_career_area():
    entry = unplaced_entry(solve_dict(make_round([make_student(sectors=[PUBLIC])], [make_slot()])))
    assert entry["what_if"]["message"] == "Add Health Science and Medical Technology to your career interests"
    assert "The nearest one that fits you otherwise is in Health Science" in entry["reasons"][0]["message"]


def test_what_if_ranking_suggests_adding_the_slot():
    data = make_round([make_student(preferences=[])], [make_slot()], policy={"only_ranked": True})
    assert unplaced_entry(solve_dict(data))["what_if"]["message"] == "Add slot j1 to your list of choices"


def test_the_smallest_relaxation_wins():
    # 1 km farther (effort 0.5) beats a missing certificate (effort 3).
    student = make_student(travel={"max_km": 5})
    slots = [make_slot("far", north_km=6), make_slot("cert", requires=["cpr"])]
    assert unplaced_entry(solve_dict(make_round([student], slots)))["what_if"]["slot"] == "far"


def test_exclusions_are_never_offered_as_a_what_if():
    data = make_round([make_student()], [make_slot()], exclusions=[{"student": "s1", "slot": "j1"}])
    entry = unplaced_entry(solve_dict(data))
    assert "what_if" not in entry
    assert entry["reasons"][0]["message"] == "The coordinator ruled out 1 slot for you."


def test_a_student_whose_slots_were_taken_is_pointed_to_an_open_slot():
    students = [make_student("s0"), make_student("s1", travel={"max_km": 5})]
    slots = [make_slot("j1"), make_slot("open", north_km=7)]
    data = make_round(students, slots, pins=[{"student": "s0", "slot": "j1"}])
    entry = unplaced_entry(solve_dict(data))
    assert entry["reasons"][0]["code"] == "capacity_taken"
    assert entry["what_if"]["slot"] == "open"


def test_explanations_made_in_slices_equal_those_made_at_once(monkeypatch):
    from wbl_match.matching import explain as explain_module

    students = [make_student(f"s{k}", north_km=k, travel={"max_km": 3 + k % 4},
                             sectors=[PUBLIC] if k % 3 == 0 else [HEALTH])
                for k in range(12)]
    slots = [make_slot(f"j{k}", north_km=2 * k + 0.5, capacity=1,
                       schedule=[iv("tue", "15:00", "17:00")] if k % 2 else [])
             for k in range(5)]
    data = make_round(students, slots)
    whole = solve_dict(data)
    monkeypatch.setattr(explain_module, "EXPLAIN_PAIRS", 3)
    sliced = solve_dict(data)
    whole["stats"].pop("seconds"), sliced["stats"].pop("seconds")
    assert sliced == whole
    codes = {u["reasons"][0]["code"] for u in whole["unplaced"]}
    assert len(whole["unplaced"]) > 3 and "capacity_taken" in codes and len(codes) > 1


def test_the_pairs_kept_for_what_ifs_are_those_of_every_kind_of_what_if():
    assert set(whatif._KINDS) == set(WHAT_IF_BITS.tolist())
