"""The engine's reasons in each reader's words: staff in the third person, students in the second, no slot ids."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from wbl_match.services.reason_words import (
    READERS, STAFF, STUDENT, WORDS, choice_words, ordinal, reason_words, slot_keys, what_if_words,
)
sys.path.insert(0, str(Path(__file__).parents[1] / "matching"))  # the engine tests' own factories
from random_limits import rounds_with_limits  # noqa: E402
from random_rounds import rounds  # noqa: E402
from round_factories import HEALTH, PUBLIC, iv, make_round, make_slot, make_student, solve_dict  # noqa: E402

SECOND_PERSON = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)


def miles(km: float) -> str:
    return f"{km * 0.621371:.1f} mi"


def _all_words(result: dict, reader: str) -> list[str]:
    texts = []
    for entry in result["unplaced"]:
        names = {key: f"Named slot {key.strip('j-')}" for key in slot_keys([entry])}
        texts += [reason_words(r, reader, names, miles) for r in entry["reasons"]]
        if entry.get("what_if"):
            texts.append(what_if_words(entry["what_if"], reader, names, miles))
    return texts


def _engine_round_with_every_reason() -> dict:
    students = [make_student("s1", sectors=(HEALTH,), availability=[iv("mon", "15:00", "16:00")], grade=10,
                             travel={"max_km": 5}, age=15, pathway=None)]
    slots = [make_slot("j-1", north_km=1, sector=PUBLIC), make_slot("j-2", north_km=30),
             make_slot("j-3", north_km=1, schedule=[iv("tue", "15:00", "17:00")]),
             make_slot("j-4", north_km=1, min_grade=12, schedule=[iv("mon", "15:00", "16:00")]),
             make_slot("j-5", north_km=2, schedule=[iv("mon", "15:00", "16:00")], requires=["cpr"])]
    return make_round(students, slots, policy={"mechanism": "optimal", "sector_rule": "required",
                                               "only_ranked": False})


def test_staff_read_every_reason_of_a_hand_made_round_in_the_third_person():
    result = solve_dict(_engine_round_with_every_reason())
    texts = _all_words(result, STAFF)
    assert len(texts) >= 4
    for text in texts:
        assert not SECOND_PERSON.search(text), text
        assert "j-" not in text and " km" not in text, text
    assert any("career areas the student did not choose" in t for t in texts)


def test_students_read_the_engines_own_second_person_words_with_slots_named_and_distances_in_the_unit():
    result = solve_dict(_engine_round_with_every_reason())
    texts = _all_words(result, STUDENT)
    assert any("career areas you did not choose" in t for t in texts)
    assert all("j-" not in t and " km" not in t for t in texts)
    assert any("Named slot " in t for t in texts) and any(" mi" in t for t in texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds_with_limits())
def test_no_engine_reason_reaches_staff_in_the_second_person_on_random_rounds_with_limits(data):
    for text in _all_words(solve_dict(data), STAFF):
        assert not SECOND_PERSON.search(text), text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(mechanism="stable"))
def test_no_engine_reason_reaches_staff_in_the_second_person_on_random_stable_rounds(data):
    for text in _all_words(solve_dict(data), STAFF):
        assert not SECOND_PERSON.search(text), text


def test_a_slot_the_page_has_no_name_for_is_called_a_slot_of_the_round_never_by_its_id():
    reason = {"code": "schedule_conflict", "slots": 1,
              "message": "1 slot needs hours when you are not free. The nearest one (slot j-345, 3.4 km away) "
                         "needs you free on Monday 15:00–16:00."}
    staff = reason_words(reason, STAFF, {}, miles)
    assert staff == ("1 slot needs hours when the student is not free. The nearest one (a slot of the round, "
                     "2.1 mi away) needs the student free on Monday 15:00–16:00.")


def test_an_unknown_reader_is_refused():
    with pytest.raises(ValueError):
        reason_words({"code": "too_far", "message": "x"}, "parent", {}, miles)


def test_every_reader_has_words_and_every_table_entry_changes_something():
    assert set(READERS) == {STAFF, STUDENT}
    for code, pairs in WORDS.items():
        assert pairs, code
        assert all(engine != staff for engine, staff in pairs), code


def test_no_what_if_gives_no_words():
    assert what_if_words(None, STAFF, {}, miles) is None
    assert what_if_words({"kind": "distance"}, STAFF, {}, miles) is None


@pytest.mark.parametrize("n, expected", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                         (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (111, "111th")])
def test_ordinals_read_as_spoken(n, expected):
    assert ordinal(n) == expected


def test_a_placement_is_explained_by_its_rank_and_distance_never_its_cost():
    assert choice_words(2, 5.5, miles) == "ranked 2nd, 3.4 mi"
    assert choice_words(None, None, miles) == "not ranked, remote"


# --- Spanish readers ----------------------------------------------------------------------------------------
ENGLISH_WORDS = re.compile(r"\b(you|your|yours|slots?|the|and|of|needs?|career|areas?|hours?|away|nearest|free|"
                           r"choices|ranked|pathways?|grade|age|or|than|travel|home|list|employer|round)\b")


def _spanish_words(result: dict) -> list[str]:
    from wbl_match.services.reason_words import SlotName

    texts = []
    for entry in result["unplaced"]:
        names = {key: SlotName(f"Puesto {key.strip('j-')}", "Clínica Valle", "Visalia", False)
                 for key in slot_keys([entry])}
        texts += [reason_words(r, STUDENT, names, miles, "es") for r in entry["reasons"]]
        if entry.get("what_if"):
            words = what_if_words(entry["what_if"], STUDENT, names, miles, "es")
            if words is not None:
                texts.append(words)
    return texts


def test_a_spanish_student_reads_every_reason_of_a_hand_made_round_in_spanish(app):
    texts = _spanish_words(solve_dict(_engine_round_with_every_reason()))
    assert len(texts) >= 4
    for text in texts:
        assert not ENGLISH_WORDS.search(text), text
        assert "j-" not in text and " km" not in text, text
    assert any("área profesional que no elegiste" in t for t in texts)
    assert any("Puesto " in t and "Clínica Valle (Visalia)" in t for t in texts)


def test_a_spanish_reason_names_the_slot_the_day_and_the_distance_in_spanish(app):
    from wbl_match.services.reason_words import SlotName

    reason = {"code": "schedule_conflict", "slots": 1,
              "message": "1 slot needs hours when you are not free. The nearest one (slot j-345, 3.4 km away) "
                         "needs you free on Monday 15:00–16:00 and Friday 09:00–10:00."}
    names = {"j-345": SlotName("Ayudante de clínica", "Clínica Valle", None, True)}
    assert reason_words(reason, STUDENT, names, miles, "es") == (
        "1 puesto pide horas en las que no estás libre. El más cercano (Ayudante de clínica en Clínica Valle "
        "(a distancia), a 2.1 mi) necesita que estés libre el lunes de 15:00 a 16:00 y el viernes de 09:00 a 10:00.")


def test_a_spanish_what_if_the_table_does_not_know_is_left_out_rather_than_shown_in_english(app):
    assert what_if_words({"message": "Something new the engine says"}, STUDENT, {}, miles, "es") is None
    reason = {"code": "brand_new_reason", "message": "2 slots do something new."}
    assert reason_words(reason, STUDENT, {}, miles, "es") == "En esta ronda no hubo ningún lugar que te quedara bien."


def test_staff_and_english_readers_still_read_english(app):
    reason = {"code": "no_sector_match", "slots": 2, "message": "2 slots are in career areas you did not choose."}
    assert reason_words(reason, STUDENT, {}, miles, "en") == "2 slots are in career areas you did not choose."
    assert reason_words(reason, STAFF, {}, miles, "es") == "2 slots are in career areas the student did not choose."


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rounds_with_limits())
def test_no_english_reaches_a_spanish_student_on_random_rounds_with_limits(app, data):
    for text in _spanish_words(solve_dict(data)):
        assert not ENGLISH_WORDS.search(text), text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rounds(mechanism="stable"))
def test_no_english_reaches_a_spanish_student_on_random_stable_rounds(app, data):
    for text in _spanish_words(solve_dict(data)):
        assert not ENGLISH_WORDS.search(text), text
