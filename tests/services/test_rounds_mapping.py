"""The mapping between database rows and the engine's round file."""
from __future__ import annotations

from datetime import date

from wbl_match.matching import check_validity, solve
from wbl_match.models import (
    EmployerRanking, MatchRound, Mechanism, Placement, PlacementStatus, Preference, RoundExclusion, SectorRule,
    SlotStatus,
)
from wbl_match.domain.profiles import profile_gaps
from wbl_match.domain.birth_dates import age_on
from wbl_match.services.engine_io import engine_slot, engine_student, placement_rows, slot_key, student_key
from wbl_match.services.rounds.round_rows import round_file_for


def _round(session, consortium, schools, slots, **fields):
    match_round = MatchRound(consortium_id=consortium.id, name="Summer", term_start=date(2027, 6, 14),
                             schools=list(schools), slots=list(slots), **fields)
    session.add(match_round)
    session.commit()
    return match_round


def test_age_is_taken_on_the_given_day_and_counts_the_birthday():
    assert age_on(date(2010, 6, 14), date(2027, 6, 14)) == 17
    assert age_on(date(2010, 6, 15), date(2027, 6, 14)) == 16
    assert age_on(None, date(2027, 6, 14)) is None


def test_a_student_becomes_an_engine_student_under_an_opaque_id(make_student):
    profile = make_student(sectors=("public-services", "transportation"), certifications=["cpr"],
                           max_minutes=30, availability=((0, 900, 1440),))
    student = engine_student(profile, on=date(2027, 6, 14), preferences=("j-1",))
    assert student.id == f"s-{profile.id}" and student.school == profile.school.cds_code
    assert student.sectors == ("public-services", "transportation")
    assert student.age == 17 and student.grade == 11
    assert student.travel.max_km == 20.0 and student.travel.mode == "car" and student.travel.max_minutes == 30
    assert student.availability[0].end == 23 * 60 + 59  # no "24:00" in a round file
    assert student.certifications == ("cpr",) and student.preferences == ("j-1",)
    assert profile.first_name not in str(student.to_dict())


def test_a_slot_becomes_an_engine_slot(make_slot):
    slot = make_slot(min_grade=11, min_age=16, required_certifications=["cpr"], capacity=3)
    engine = engine_slot(slot, ranking=("s-4",))
    assert engine.id == f"j-{slot.id}" and engine.capacity == 3 and engine.employer == f"e-{slot.employer_id}"
    assert engine.site.lat == 36.33 and not engine.remote
    assert [(i.day, i.start, i.end) for i in engine.schedule] == [(0, 900, 1020)]
    assert engine.requires == ("cpr",) and engine.ranking == ("s-4",)


def test_a_remote_slot_has_no_site(make_slot):
    assert engine_slot(make_slot(is_remote=True)).site is None


def test_a_profile_without_home_sectors_or_availability_lists_what_it_lacks(make_student):
    profile = make_student(sectors=(), availability=(), home_lat=None, home_lon=None)
    assert profile_gaps(profile) == ["home location", "sectors of interest", "weekly availability"]
    assert profile_gaps(profile, sectors_required=False) == ["home location", "weekly availability"]


def test_a_profile_without_a_travel_mode_or_limit_is_not_complete(make_student):
    profile = make_student(travel_mode=None, max_minutes=None, max_km=None)
    assert profile_gaps(profile) == ["how they travel", "travel limit"]


def test_a_round_file_holds_complete_students_open_slots_ranks_pins_and_exclusions(
        session, consortium, make_student, make_slot, make_school):
    school = make_school()
    a, b = make_student(school_id=school.id), make_student(school_id=school.id)
    incomplete = make_student(school_id=school.id, sectors=())
    outside = make_student()  # another school, not in the round
    open_slot, other = make_slot(), make_slot()
    closed = make_slot(status=SlotStatus.CLOSED)
    match_round = _round(session, consortium, [school], [open_slot, other, closed])
    session.add_all([Preference(round_id=match_round.id, student_id=a.id, slot_id=other.id, rank=1),
                     Preference(round_id=match_round.id, student_id=a.id, slot_id=open_slot.id, rank=2),
                     RoundExclusion(round_id=match_round.id, student_id=b.id, slot_id=other.id),
                     Placement(round_id=match_round.id, student_id=b.id, slot_id=open_slot.id, pinned=True)])
    session.commit()
    document, round_ = round_file_for(session, match_round)
    assert document["format"] == "wbl-match-round/1"
    assert [s["id"] for s in document["students"]] == [student_key(a.id), student_key(b.id)]
    assert [s["id"] for s in document["slots"]] == [slot_key(open_slot.id), slot_key(other.id)]
    assert document["students"][0]["preferences"] == [slot_key(other.id), slot_key(open_slot.id)]
    assert document["pins"] == [{"student": student_key(b.id), "slot": slot_key(open_slot.id)}]
    assert document["exclusions"] == [{"student": student_key(b.id), "slot": slot_key(other.id)}]
    assert student_key(incomplete.id) not in str(document) and student_key(outside.id) not in str(document)
    result = solve(round_)
    assert check_validity(round_, result) == [] and result.placed == 2


def test_a_stable_round_gives_every_student_and_slot_a_ranked_list(session, consortium, make_student,
                                                                   make_slot, make_school):
    school = make_school()
    a, b = make_student(school_id=school.id), make_student(school_id=school.id)
    slot = make_slot(capacity=1)
    match_round = _round(session, consortium, [school], [slot], mechanism=Mechanism.STABLE, employers_rank=True)
    session.add_all([Preference(round_id=match_round.id, student_id=a.id, slot_id=slot.id, rank=1),
                     EmployerRanking(round_id=match_round.id, slot_id=slot.id, student_id=a.id, rank=1)])
    session.commit()
    document, round_ = round_file_for(session, match_round)
    assert document["students"][1]["preferences"] == []
    assert document["slots"][0]["ranking"] == [student_key(a.id)]
    assert [p.student for p in solve(round_).placements] == [student_key(a.id)]
    assert b.id


def test_engine_placements_become_proposed_placement_rows(session, consortium, make_student, make_slot,
                                                          make_school):
    school = make_school()
    student = make_student(school_id=school.id)
    slot = make_slot()
    match_round = _round(session, consortium, [school], [slot])
    _, round_ = round_file_for(session, match_round)
    rows = placement_rows(solve(round_), match_round.id, None, {(student.id, slot.id)})
    assert rows == [{"round_id": match_round.id, "student_id": student.id, "slot_id": slot.id, "solve_id": None,
                     "cost": rows[0]["cost"], "status": PlacementStatus.PROPOSED, "pinned": True}]
