"""Findable records: the review's tables narrow by search, school, reason, sector and rural, sort and page;
the slot picker offers for a pin only the slots the engine lets the student take."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from wbl_match.models import EmployerContact, MatchRound, RoundState, StudentDemographics
from wbl_match.services.rounds import RoundError, pin_student, request_solve, round_review, run_round
from wbl_match.services.rounds import review_tables
from wbl_match.services.rounds.review_tables import TableQuery, placements_table, unplaced_table
from wbl_match.services.rounds.slot_picker import pick_slots

HEALTH, PUBLIC = "health-science-medical-technology", "public-services"
FAR_NORTH = 37.6  # about 140 km north of the slots


@pytest.fixture
def solved(session, consortium, make_school, make_student, make_slot, make_employer):
    """Two schools; one slot with one place near everyone; a few students live far away (too far)."""
    near, other = make_school(name="Near High"), make_school(name="Other High")
    students = [make_student(school_id=near.id, last_name="Alvarez"),
                make_student(school_id=near.id, last_name="Brown", home_lat=FAR_NORTH),
                make_student(school_id=near.id, last_name="Chen", home_lat=FAR_NORTH),
                make_student(school_id=other.id, last_name="Diaz", home_lat=FAR_NORTH),
                make_student(school_id=other.id, last_name="Evans", sectors=(PUBLIC,))]
    session.add(StudentDemographics(student_id=students[2].id, rural=True))
    slot = make_slot(capacity=1, title="Clinic assistant", employer_id=make_employer(name="Valley Clinic").id)
    session.add(EmployerContact(employer_id=slot.employer_id, name="Pat", is_primary=True, email="p@x.example.org"))
    match_round = MatchRound(consortium_id=consortium.id, name="Summer", term_start=date(2027, 6, 14),
                             schools=[near, other], slots=[slot], state=RoundState.CLOSED)
    session.add(match_round)
    session.commit()
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round, students, near, other


def _names(table) -> list[str]:
    return [row.student.last_name for row in table.rows]


def test_the_unplaced_students_narrow_to_one_schools_distance_cases(session, solved):
    match_round, students, near, _ = solved
    review = round_review(session, match_round)
    everyone = unplaced_table(session, review, TableQuery())
    assert everyone.total == everyone.matched == 4
    by_reason = {code: n for code, _, n in everyone.by_reason}
    assert by_reason["too_far"] == 3
    one_school = unplaced_table(session, review, TableQuery(school=near.id, reason="too_far"))
    assert _names(one_school) == ["Brown", "Chen"] and one_school.total == 4
    # The counts that narrow further are those of the other filters' rows.
    assert {code: n for code, _, n in one_school.by_reason} == {"too_far": 2}
    assert [(name, n) for _, name, n in one_school.by_school] == [("Near High", 2), ("Other High", 1)]


def test_the_search_finds_a_student_by_part_of_the_name_or_the_student_id(session, solved):
    match_round, students, _, _ = solved
    review = round_review(session, match_round)
    assert _names(unplaced_table(session, review, TableQuery(q="dia"))) == ["Diaz"]
    assert _names(unplaced_table(session, review, TableQuery(q=students[1].external_id.lower()))) == ["Brown"]
    assert unplaced_table(session, review, TableQuery(q="nobody")).rows == []


def test_the_sector_and_rural_filters_narrow_the_list(session, solved):
    match_round, *_ = solved
    review = round_review(session, match_round)
    assert _names(unplaced_table(session, review, TableQuery(sector=PUBLIC))) == ["Evans"]
    assert _names(unplaced_table(session, review, TableQuery(rural="yes"))) == ["Chen"]
    assert "Chen" not in _names(unplaced_table(session, review, TableQuery(rural="no")))


def test_the_lists_sort_by_school_and_by_reason(session, solved):
    match_round, *_ = solved
    review = round_review(session, match_round)
    by_school = unplaced_table(session, review, TableQuery(sort="school"))
    assert [r.student.school.name for r in by_school.rows] == sorted(r.student.school.name for r in by_school.rows)
    by_reason = unplaced_table(session, review, TableQuery(sort="reason"))
    assert [r.main_reason for r in by_reason.rows][-1] == "too_far"  # "Too far to travel" sorts after the others


def test_a_long_list_is_cut_into_pages_and_a_forged_page_shows_the_nearest_real_one(session, solved, monkeypatch):
    monkeypatch.setattr(review_tables, "PER_PAGE", 3)
    match_round, *_ = solved
    review = round_review(session, match_round)
    first, second = (unplaced_table(session, review, TableQuery(page=n)) for n in (1, 2))
    assert first.pages == 2 and len(first.rows) == 3 and len(second.rows) == 1
    assert unplaced_table(session, review, TableQuery(page=99)).page == 2


def test_the_placements_table_takes_the_same_search_and_filters(session, solved):
    match_round, _, near, other = solved
    review = round_review(session, match_round)
    assert placements_table(session, review, TableQuery()).matched == 1
    assert placements_table(session, review, TableQuery(school=near.id)).matched == 1
    assert placements_table(session, review, TableQuery(school=other.id)).matched == 0


def test_a_query_from_the_address_bar_drops_what_it_does_not_know():
    query = TableQuery.from_args({"q": "  ann  ", "school": "x", "reason": "lazy", "rural": "maybe", "sort": "id",
                                  "page": "-"})
    assert query == TableQuery(q="ann")
    assert TableQuery(school=3, reason="too_far", page=4).arguments(page=2) == {
        "school": 3, "reason": "too_far", "page": 2}
    assert TableQuery(q="x", page=5).arguments(reason="too_far") == {"q": "x", "reason": "too_far"}


@pytest.fixture
def pin_round(session, consortium, make_school, make_student, make_slot, make_employer):
    school = make_school()
    student = make_student(school_id=school.id)
    fits = make_slot(title="Clinic assistant", employer_id=make_employer(name="Valley Clinic").id, capacity=2)
    other_sector = make_slot(title="Records clerk", sector_code=PUBLIC)
    too_far = make_slot(title="Far clinic", site_lat=FAR_NORTH)
    wrong_day = make_slot(title="Weekend clinic", shifts=((5, 9 * 60, 13 * 60),))
    second_fit = make_slot(title="Front desk", employer_id=make_employer(name="Sequoia Dental").id)
    match_round = MatchRound(consortium_id=consortium.id, name="Summer", term_start=date(2027, 6, 14),
                             schools=[school], slots=[fits, other_sector, too_far, wrong_day, second_fit],
                             state=RoundState.CLOSED)
    session.add(match_round)
    session.commit()
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round, student, (fits, second_fit), (other_sector, too_far, wrong_day)


def test_the_pin_picker_offers_exactly_the_slots_the_engine_lets_the_student_take(session, pin_round, make_user):
    from wbl_match.models import Role

    match_round, student, can, cannot = pin_round
    picked = pick_slots(session, match_round, student, "pin")
    assert {o.slot.id for o in picked.options} == {s.id for s in can} and picked.available == 2
    coordinator = make_user(Role.INTERMEDIARY)
    for slot in cannot:
        with pytest.raises(RoundError, match="cannot take this slot"):
            pin_student(session, coordinator, match_round.id, student.id, slot.id)
    for slot in can:
        assert pin_student(session, coordinator, match_round.id, student.id, slot.id).slot_id == slot.id


def test_the_picker_searches_title_employer_and_town_and_shows_seats_left_and_schedule(session, pin_round):
    match_round, student, (fits, second_fit), _ = pin_round
    picked = pick_slots(session, match_round, student, "pin", "sequoia")
    assert [o.slot.id for o in picked.options] == [second_fit.id] and picked.matched == 1
    option = pick_slots(session, match_round, student, "pin", "valley").options[0]
    # The student's own placement takes no seat from them: they are the only student of the round.
    assert option.seats_left == fits.capacity and option.schedule == "Mon 15:00-17:00"
    assert option.distance_km is not None and option.distance_km < 2


def test_the_exclusion_picker_offers_every_slot_of_the_round_not_yet_excluded(session, pin_round):
    match_round, student, can, cannot = pin_round
    picked = pick_slots(session, match_round, student, "exclude")
    assert picked.available == 5
    with pytest.raises(ValueError):
        pick_slots(session, match_round, student, "swap")
