"""The fast reader of round files gives exactly what the plain reader gives: an equal round, or the same error."""

import gc
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wbl_match.matching import RoundFileError, load_round, parsing, read_round_file, solve
from wbl_match.matching.allocation import cycle_collector_paused
from wbl_match.matching.parsing import round_from_json

from random_rounds import rounds
from random_weeks import varied_rounds
from round_factories import make_round, make_slot, make_student
from test_parsing import BAD_INPUTS, _base

#: Odd values put anywhere in a round: each is wrong somewhere, and some are right somewhere else.
ODD_VALUES = [None, "", "x", 0, -1, 1, 3.0, 10.5, 1e9, 2**70, True, False, [], {}, ["x"], ["x", "x"],
              "mon", "24:00", "15:00", "9:00", {"lat": 36.3, "lon": -119.3}, {"lat": 91, "lon": 0},
              [{"day": "mon", "start": "15:00", "end": "16:00"}], [{"day": "mon", "start": "16:00", "end": "15:00"}],
              {"max_km": 5}, {"max_minutes": 20}, {"mode": "car", "max_minutes": 20}, {"max_km": 0},
              "health-science-medical-technology", ["public-services"], ["cooking"]]
STUDENT_FIELDS = ["id", "home", "school", "grade", "age", "travel", "sectors", "availability", "certifications",
                  "preferences", "pathway"]
SLOT_FIELDS = ["id", "capacity", "sector", "employer", "site", "remote", "schedule", "min_grade", "min_age",
               "requires", "ranking", "pathways"]


def outcome(read, *args):
    """An equal round, or the error's place and message: what both readers must agree on."""
    try:
        return "round", read(*args)
    except RoundFileError as error:
        return "error", (error.path, error.message)


def both_ways(data) -> tuple:
    text = json.dumps(data).encode()
    return outcome(round_from_json, text), outcome(load_round, json.loads(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(rounds(), rounds(mechanism="stable"), varied_rounds(15), varied_rounds(5, student_grain=30)))
def test_a_random_valid_round_reads_the_same_both_ways(data):
    fast, plain = both_ways(data)
    assert fast == plain and fast[0] == "round"


@st.composite
def broken_rounds(draw):
    data = draw(st.one_of(rounds(max_students=3, max_slots=3), rounds(max_students=3, max_slots=3,
                                                                       mechanism="stable")))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["students", "slots"]))
        if not data[kind]:
            continue
        record = draw(st.sampled_from(data[kind]))
        field = draw(st.sampled_from(STUDENT_FIELDS if kind == "students" else SLOT_FIELDS))
        if draw(st.booleans()):
            record[field] = draw(st.sampled_from(ODD_VALUES))
        else:
            record.pop(field, None)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_rounds())
def test_a_round_with_odd_values_anywhere_reads_the_same_both_ways(data):
    fast, plain = both_ways(data)
    assert fast == plain


@pytest.mark.parametrize("change, path, words", BAD_INPUTS)
def test_every_known_bad_input_is_named_the_same_way_from_a_file(change, path, words, tmp_path):
    data = _base()
    change(data)
    file = tmp_path / "round.json"
    file.write_text(json.dumps(data))
    with pytest.raises(RoundFileError) as caught:
        read_round_file(file)
    assert (caught.value.path, words in caught.value.message) == (path, True)


def test_a_well_formed_file_is_read_without_the_plain_reader(monkeypatch, tmp_path):
    def plain_reader_used(_data):
        raise AssertionError("the plain reader was used")

    monkeypatch.setattr(parsing, "_plain_round", plain_reader_used)
    file = tmp_path / "round.json"
    file.write_text(json.dumps(make_round([make_student("s1"), make_student("s2")], [make_slot("j1")])))
    assert [s.id for s in read_round_file(file).students] == ["s1", "s2"]


def test_a_valid_file_the_fast_reader_finds_unusual_is_still_read_by_the_plain_reader():
    data = make_round([make_student("s1", grade=11.0)], [make_slot("j1", capacity=2.0)])
    round_ = round_from_json(json.dumps(data).encode())
    assert (round_.students[0].grade, round_.slots[0].capacity) == (11, 2)
    assert round_ == load_round(data)


def test_text_that_is_not_json_is_named_by_its_source():
    with pytest.raises(RoundFileError) as caught:
        round_from_json(b"{students: []}", "upload.json")
    assert caught.value.path == "upload.json" and "not valid JSON" in caught.value.message


def test_repeated_weeks_are_shared_by_the_fast_reader_too():
    week = [{"day": "mon", "start": "15:00", "end": "18:00"}]
    data = make_round([make_student("s1", availability=week), make_student("s2", availability=week)], [make_slot()])
    round_ = round_from_json(json.dumps(data).encode())
    assert round_.students[0].availability is round_.students[1].availability


def test_reading_and_solving_switch_the_cycle_collector_back_on():
    data = make_round([make_student("s1")], [make_slot("j1")])
    round_ = round_from_json(json.dumps(data).encode())
    solve(round_)
    assert gc.isenabled()


def test_reading_leaves_the_cycle_collector_off_when_it_was_off_before():
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        round_from_json(json.dumps(make_round([make_student("s1")], [make_slot("j1")])).encode())
        assert not gc.isenabled()
    finally:
        gc.enable()
