"""Rules 7 (work hours) and 8 (pathway): the vectorised path, explanations and checks against rules.py."""

import pytest
from hypothesis import given, settings

from wbl_match.matching import RoundFileError, check_validity, load_round, solve
from wbl_match.matching.compiled import compile_round
from wbl_match.matching.feasibility import ClassTable, feasible_pairs
from wbl_match.matching.result import Placement
from wbl_match.matching.rules import pair_failures

from random_limits import rounds_with_limits
from random_rounds import brute_force, reference_pairs
from round_factories import iv, make_round, make_slot, make_student, solve_dict

PROPERTY = settings(max_examples=120, derandomize=True, deadline=None)

#: California's limits as we read them (the spec's example, with 16–17's school week at 28 hours).
CALIFORNIA = [
    {"max_age": 15, "school_day_hours": 3, "other_day_hours": 8, "school_week_hours": 18,
     "vacation_week_hours": 40, "earliest": "07:00", "latest": "19:00"},
    {"max_age": 17, "school_day_hours": 4, "other_day_hours": 8, "school_week_hours": 28,
     "vacation_week_hours": 48, "earliest": "05:00", "latest": "22:00", "latest_before_other_day": "24:00"}]


def limited(students, slots, **policy) -> dict:
    return make_round(students, slots, policy={"work_limits": CALIFORNIA, **policy})


def entry(result: dict, student: str = "s1") -> dict:
    return next(u for u in result["unplaced"] if u["student"] == student)


def fast_pairs(round_) -> set:
    c = compile_round(round_)
    pairs = feasible_pairs(c)
    return {(c.students[s].id, c.slots[j].id) for s, j in zip(pairs.s.tolist(), pairs.j.tolist())}


# --- properties on random rounds ---------------------------------------------------------------------


@PROPERTY
@given(rounds_with_limits())
def test_vectorised_rules_7_and_8_agree_with_the_plain_rules(data):
    round_ = load_round(data)
    assert fast_pairs(round_) == set(reference_pairs(round_))


@PROPERTY
@given(rounds_with_limits())
def test_rules_7_and_8_agree_without_the_class_table(data):
    round_ = load_round(data)
    original = ClassTable.MAX_CELLS
    ClassTable.MAX_CELLS = 0
    try:
        assert fast_pairs(round_) == set(reference_pairs(round_))
    finally:
        ClassTable.MAX_CELLS = original


@PROPERTY
@given(rounds_with_limits())
def test_optimal_with_limits_and_pathways_matches_brute_force_and_is_valid(data):
    round_ = load_round(data)
    result = solve(round_)
    assert (result.placed, result.total_cost) == brute_force(round_)
    assert check_validity(round_, result) == []
    students, slots = {s.id: s for s in round_.students}, {j.id: j for j in round_.slots}
    for p in result.placements:
        assert pair_failures(students[p.student], slots[p.slot], round_.policy) == []


@PROPERTY
@given(rounds_with_limits())
def test_every_unplaced_student_is_explained_and_the_counts_add_up(data):
    round_ = load_round(data)
    for unplaced in solve(round_).unplaced:
        codes = [r.code for r in unplaced.reasons]
        assert codes
        if codes != ["capacity_taken"]:
            assert codes[-1] == "no_feasible_slot"
            assert sum(r.slots for r in unplaced.reasons) == len(round_.slots)


@PROPERTY
@given(rounds_with_limits())
def test_every_work_hours_reason_and_what_if_names_the_limit_broken(data):
    round_ = load_round(data)
    limit_words = ("may work", "must stop by", "may not start before", "the programme allows")
    for unplaced in solve(round_).unplaced:
        for reason in unplaced.reasons:
            if reason.code == "work_hours" and "nearest" in reason.message.lower():
                assert any(words in reason.message for words in limit_words), reason.message
        if unplaced.what_if is not None and unplaced.what_if.kind == "work_hours":
            assert unplaced.what_if.details["limit"] and any(w in unplaced.what_if.message for w in limit_words)


@PROPERTY
@given(rounds_with_limits(mechanism="stable"))
def test_stable_with_limits_places_only_pairs_the_plain_rules_allow(data):
    round_ = load_round(data)
    result = solve(round_)
    assert check_validity(round_, result) == []
    assert {(p.student, p.slot) for p in result.placements} <= set(reference_pairs(round_))


@PROPERTY
@given(rounds_with_limits())
def test_the_round_file_round_trips_with_rules_7_and_8(data):
    round_ = load_round(data)
    assert load_round(round_.to_dict()) == round_


# --- rule 7 as the spec words it ---------------------------------------------------------------------


def test_a_15_year_old_is_not_placed_in_a_4_hour_school_day_shift_and_is_told_why():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    result = solve_dict(limited([make_student(age=15)], [slot]))
    reason = entry(result)["reasons"][0]
    assert reason["code"] == "work_hours" and reason["slots"] == 1
    assert "4 hours on Tuesday; a 15-year-old may work 3 on a school day" in reason["message"]


def test_a_16_year_old_may_take_the_same_shift():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    assert solve_dict(limited([make_student(age=16)], [slot]))["objective"]["placed"] == 1


def test_a_student_without_an_age_is_held_to_the_youngest_band():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    message = entry(solve_dict(limited([make_student()], [slot])))["reasons"][0]["message"]
    assert "a student whose age is not on record (counted as 15 or younger) may work 3" in message


def test_a_student_older_than_every_band_has_no_limits_but_the_programme_cap():
    long_week = make_slot(schedule=[iv(d, "08:00", "18:00") for d in ("mon", "tue", "wed", "thu", "fri")])
    assert solve_dict(limited([make_student(age=18)], [long_week]))["objective"]["placed"] == 1
    capped = solve_dict(limited([make_student(age=18)], [long_week], max_week_hours=20))
    assert "50 hours a week; the programme allows 20" in entry(capped)["reasons"][0]["message"]


def test_a_slot_with_flexible_hours_meets_every_limit():
    data = limited([make_student(age=14)], [make_slot()], max_week_hours=1)
    assert solve_dict(data)["objective"]["placed"] == 1


def test_saturday_is_another_day_in_a_school_term_and_every_day_is_in_a_vacation_term():
    saturday = make_slot(schedule=[iv("sat", "09:00", "17:00")])
    tuesday = make_slot("j2", schedule=[iv("tue", "09:00", "14:00")])
    school = solve_dict(limited([make_student(age=15)], [saturday]))
    assert school["objective"]["placed"] == 1
    assert solve_dict(limited([make_student(age=15)], [tuesday]))["objective"]["placed"] == 0
    assert solve_dict(limited([make_student(age=15)], [tuesday], term="vacation"))["objective"]["placed"] == 1


def test_the_week_limit_follows_the_term():
    week = make_slot(schedule=[iv(d, "15:00", "18:00") for d in ("mon", "tue", "wed", "thu", "fri")]
                     + [iv("sat", "09:00", "13:00")])  # 19 hours
    school = solve_dict(limited([make_student(age=15)], [week]))
    assert "19 hours a week; a 15-year-old may work 18 in a school week" in entry(school)["reasons"][0]["message"]
    assert solve_dict(limited([make_student(age=15)], [week], term="vacation"))["objective"]["placed"] == 1


def test_touching_intervals_are_merged_before_the_hours_are_summed():
    split = make_slot(schedule=[iv("wed", "15:00", "16:30"), iv("wed", "16:30", "18:30")])  # 3.5 hours
    message = entry(solve_dict(limited([make_student(age=14)], [split])))["reasons"][0]["message"]
    assert "3.5 hours on Wednesday" in message


def test_fractional_hours_are_compared_in_minutes():
    bands = [{"max_age": 17, "school_day_hours": 3.5}]
    fits = make_slot(schedule=[iv("mon", "15:00", "18:30")])
    over = make_slot(schedule=[iv("mon", "15:00", "18:31")])
    assert solve_dict(make_round([make_student(age=16)], [fits], policy={"work_limits": bands}))["objective"]["placed"] == 1
    assert solve_dict(make_round([make_student(age=16)], [over], policy={"work_limits": bands}))["objective"]["placed"] == 0


def test_the_end_limit_is_later_before_a_day_without_school():
    friday = make_slot(schedule=[iv("fri", "19:30", "23:30")])
    thursday = make_slot(schedule=[iv("thu", "19:00", "23:00")])
    assert solve_dict(limited([make_student(age=17)], [friday]))["objective"]["placed"] == 1
    message = entry(solve_dict(limited([make_student(age=17)], [thursday])))["reasons"][0]["message"]
    assert "work until 23:00 on Thursday; a 17-year-old must stop by 22:00" in message


def test_a_15_year_old_may_not_start_before_seven():
    early = make_slot(schedule=[iv("sat", "06:00", "10:00")])
    message = entry(solve_dict(limited([make_student(age=15)], [early])))["reasons"][0]["message"]
    assert "work from 06:00 on Saturday; a 15-year-old may not start before 07:00" in message


def test_bands_are_taken_in_order_of_max_age_whatever_their_order_in_the_file():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    reversed_bands = list(reversed(CALIFORNIA))
    data = make_round([make_student(age=15)], [slot], policy={"work_limits": reversed_bands})
    assert solve_dict(data)["objective"]["placed"] == 0


def test_the_what_if_of_a_work_hours_miss_is_a_slot_within_the_limits():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    what_if = entry(solve_dict(limited([make_student(age=15)], [slot])))["what_if"]
    assert what_if["kind"] == "work_hours" and what_if["slot"] == "j1"
    assert what_if["limit"] == "school_day_hours" and what_if["day"] == "tue"
    assert (what_if["hours"], what_if["allowed_hours"]) == (4, 3)
    assert what_if["message"].startswith("A shift within the limits at slot j1")


def test_a_pin_that_breaks_the_work_hours_is_an_input_error():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    data = limited([make_student(age=15)], [slot], ) | {"pins": [{"student": "s1", "slot": "j1"}]}
    with pytest.raises(RoundFileError, match="breaks work_hours"):
        load_round(data)


def test_check_validity_finds_a_placement_beyond_the_limits():
    slot = make_slot(schedule=[iv("tue", "15:00", "19:00")])
    round_ = load_round(limited([make_student(age=15)], [slot]))
    result = solve(round_)
    forged = type(result)(result.status, result.mechanism, (Placement("s1", "j1", 0),), (),
                          result.slots, result.stats)
    assert any("breaks work_hours" in p for p in check_validity(round_, forged))


# --- rule 8 -----------------------------------------------------------------------------------------


def test_a_slot_that_lists_pathways_takes_only_their_students_under_required():
    slot = make_slot(pathways=["nursing"])
    policy = {"pathway_rule": "required"}
    assert solve_dict(make_round([make_student(pathway="nursing")], [slot], policy=policy))["objective"]["placed"] == 1
    result = solve_dict(make_round([make_student(pathway="dental")], [slot], policy=policy))
    reason = entry(result)["reasons"][0]
    assert reason["code"] == "no_pathway_match"
    assert "meant for other pathways than yours (dental)" in reason["message"]
    assert "is meant for the nursing pathway" in reason["message"]
    assert entry(result)["what_if"] == {"kind": "pathway", "slot": "j1", "pathways": ["nursing"], "add": "dental",
                                        "message": "Slot j1 open to your pathway (dental): it is meant for the "
                                                   "nursing pathway"}


def test_a_student_without_a_pathway_meets_only_slots_that_list_none():
    policy = {"pathway_rule": "required"}
    listed, open_ = make_slot(pathways=["nursing"]), make_slot("j2", capacity=1)
    result = solve_dict(make_round([make_student(), make_student("s2")], [listed, open_], policy=policy))
    assert result["objective"]["placed"] == 1
    assert entry(result, "s1")["reasons"][0]["code"] in ("no_pathway_match", "capacity_taken") or \
        entry(result, "s2")["reasons"][0]["code"] in ("no_pathway_match", "capacity_taken")


def test_pathways_are_ignored_when_the_rule_is_off():
    slot = make_slot(pathways=["nursing"])
    assert solve_dict(make_round([make_student(pathway="dental")], [slot]))["objective"]["placed"] == 1


def test_preferred_pathway_adds_the_pathway_term_to_the_derived_cost():
    student = make_student(pathway="nursing")
    slots = [make_slot("j1", pathways=["nursing"]), make_slot("j2"), make_slot("j3", pathways=["dental"])]
    for slot, term in zip(slots, (0, 10, 20)):
        result = solve_dict(make_round([student], [slot], policy={"pathway_rule": "preferred"}))
        assert result["placements"][0]["cost"] == 100 + 0 + 0 + term


def test_preferred_pathway_places_the_student_in_a_slot_of_their_pathway():
    student = make_student(pathway="nursing")
    slots = [make_slot("j1", pathways=["dental"]), make_slot("j2", pathways=["nursing"], north_km=2)]
    result = solve_dict(make_round([student], slots, policy={"pathway_rule": "preferred"}))
    assert result["placements"][0]["slot"] == "j2"


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("policy", "path"), [
    ({"term": "summer"}, "policy.term"),
    ({"pathway_rule": "sometimes"}, "policy.pathway_rule"),
    ({"max_week_hours": 0}, "policy.max_week_hours"),
    ({"work_limits": {}}, "policy.work_limits"),
    ({"work_limits": [{"school_day_hours": 3}]}, "policy.work_limits[0].max_age"),
    ({"work_limits": [{"max_age": 15, "latest": "7pm"}]}, "policy.work_limits[0].latest"),
    ({"work_limits": [{"max_age": 15}, {"max_age": 17, "other_day_hours": -1}]},
     "policy.work_limits[1].other_day_hours"),
    ({"work_limits": [{"max_age": 15, "earliest": "24:00"}]}, "policy.work_limits[0].earliest"),
])
def test_bad_rule_7_and_8_policy_fields_name_their_place(policy, path):
    with pytest.raises(RoundFileError) as error:
        load_round(make_round([], [], policy=policy))
    assert error.value.path == path


def test_bad_pathway_fields_name_their_place():
    with pytest.raises(RoundFileError) as error:
        load_round(make_round([make_student(pathway="")], []))
    assert error.value.path == "students[0].pathway"
    with pytest.raises(RoundFileError) as error:
        load_round(make_round([], [make_slot(pathways=["nursing", 3])]))
    assert error.value.path == "slots[0].pathways[1]"


def test_a_round_without_the_new_fields_writes_none_of_them():
    written = load_round(make_round([make_student()], [make_slot()])).to_dict()
    assert set(written["policy"]) == {"mechanism", "sector_rule", "only_ranked"}
    assert "pathway" not in written["students"][0] and "pathways" not in written["slots"][0]
