"""The student's pathway profile, and which slots it makes them eligible for."""
from __future__ import annotations

from wbl_match.domain.profiles import profile_is_complete

from datetime import date

import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, MatchRound, Role, RoundExclusion, RoundState, SectorRule, SlotStatus, TravelMode
from wbl_match.services.students import profiles
from wbl_match.services.students.eligibility import eligible_slots, open_round_for
from wbl_match.services.errors import FieldErrors

HEALTH, AG = "health-science-medical-technology", "agriculture-natural-resources"


def profile_input(**changes) -> profiles.ProfileInput:
    data = profiles.ProfileInput(pathway_code="patient-care", sectors=[HEALTH, AG, ""], home_zip="93291",
                                 travel_mode="transit", availability=[(0, 900, 1080), (1, 900, 1080)],
                                 max_minutes=40, certifications=["cpr"])
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def student_user(make_user, make_student):
    user = make_user(Role.STUDENT)
    make_student(user_id=user.id)
    return user


def test_saving_a_profile_locates_home_by_zip_and_ranks_the_sectors(session, student_user):
    profile = student_user.student
    profile.home_zip = profile.home_lat = profile.home_lon = None  # no home yet
    session.commit()
    profiles.update_profile(session, student_user, profile, profile_input())
    assert profile.home_zip == "93291" and round(profile.home_lat, 2) == 36.36
    assert [(i.sector_code, i.rank) for i in profile.interests] == [(HEALTH, 1), (AG, 2)]
    assert profile.travel_mode is TravelMode.TRANSIT and profile.max_minutes == 40
    assert [(a.day, a.start_minute, a.end_minute) for a in profile.availability] == [(0, 900, 1080), (1, 900, 1080)]
    assert session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "student_profile.updated"
    assert profile_is_complete(profile)


def test_saving_a_profile_keeps_the_exact_home_unless_the_zip_changed(session, student_user):
    profile = student_user.student
    profile.home_zip, profile.home_lat, profile.home_lon = "93291", 36.3412, -119.3187  # imported, exact
    session.commit()
    profiles.update_profile(session, student_user, profile, profile_input(home_zip="93291"))
    assert (profile.home_zip, profile.home_lat, profile.home_lon) == ("93291", 36.3412, -119.3187)
    profiles.update_profile(session, student_user, profile, profile_input(home_zip="93291-1234"))
    assert (profile.home_lat, profile.home_lon) == (36.3412, -119.3187)  # the same ZIP, written with its +4
    profiles.update_profile(session, student_user, profile, profile_input(home_zip="93277"))
    assert profile.home_zip == "93277" and (profile.home_lat, profile.home_lon) != (36.3412, -119.3187)
    assert round(profile.home_lat, 1) == 36.3  # the new ZIP code's centre


def test_a_home_zip_outside_california_is_refused(session, student_user):
    with pytest.raises(FieldErrors) as caught:
        profiles.update_profile(session, student_user, student_user.student, profile_input(home_zip="10001"))
    assert "not a California ZIP" in caught.value.errors["home_zip"][0]


def test_saving_twice_replaces_the_ranked_sectors(session, student_user):
    profile = student_user.student
    profiles.update_profile(session, student_user, profile, profile_input())
    profiles.update_profile(session, student_user, profile, profile_input(sectors=[AG, HEALTH]))
    assert [i.sector_code for i in profile.interests] == [AG, HEALTH]


@pytest.mark.parametrize("changes, field", [
    ({"home_zip": "123"}, "home_zip"), ({"home_zip": "95214"}, "home_zip"),
    ({"sectors": ["", "", ""]}, "sector_1"), ({"sectors": [HEALTH, HEALTH]}, "sector_2"),
    ({"sectors": ["made-up"]}, "sector_1"), ({"travel_mode": "rocket"}, "travel_mode"),
    ({"max_minutes": None, "max_km": None}, "max_minutes"), ({"max_minutes": 600}, "max_minutes"),
    ({"max_km": 0.0}, "max_km"), ({"availability": []}, "availability"), ({"pathway_code": "nope"}, "pathway_code"),
])
def test_each_bad_profile_answer_is_an_error_on_its_field_and_nothing_is_saved(session, student_user, changes, field):
    profile = student_user.student
    before = [i.sector_code for i in profile.interests]
    with pytest.raises(FieldErrors) as caught:
        profiles.update_profile(session, student_user, profile, profile_input(**changes))
    assert field in caught.value.errors
    session.rollback()
    assert [i.sector_code for i in profile.interests] == before
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_only_slots_passing_every_engine_rule_are_eligible(session, make_student, make_slot):
    student = make_student(sectors=(HEALTH,), availability=((0, 900, 1080),), max_km=10.0, grade=11,
                           certifications=["cpr"])
    fits = make_slot(title="fits")
    make_slot(title="wrong sector", sector_code=AG)
    make_slot(title="too far", site_lat=36.8, site_lon=-119.8)
    make_slot(title="clashes", shifts=((2, 900, 960),))
    make_slot(title="needs grade 12", min_grade=12)
    make_slot(title="needs food card", required_certifications=["food-handler"])
    make_slot(title="draft", status=SlotStatus.DRAFT)
    remote = make_slot(title="remote", is_remote=True, site_lat=36.8, site_lon=-119.8)
    found = eligible_slots(session, student)
    assert [e.slot.title for e in found] == ["remote", "fits"]
    fits_entry = found[1]
    assert fits_entry.slot.id == fits.id and fits_entry.distance_km == pytest.approx(0.9, abs=0.1)
    assert fits_entry.minutes is not None and fits_entry.minutes > 5  # car: 5 minutes to park, then driving
    assert found[0].slot.id == remote.id and found[0].distance_km is None


def test_a_preferred_sector_round_admits_other_sectors_and_exclusions_remove_slots(session, make_student, make_slot):
    student = make_student(sectors=(HEALTH,))
    other = make_slot(title="agriculture", sector_code=AG)
    excluded = make_slot(title="excluded")
    match_round = MatchRound(consortium_id=student.consortium_id, name="Open", state=RoundState.OPEN,
                             sector_rule=SectorRule.PREFERRED, slots=[other, excluded], schools=[student.school])
    session.add(match_round)
    session.flush()
    session.add(RoundExclusion(round_id=match_round.id, student_id=student.id, slot_id=excluded.id))
    session.commit()
    assert open_round_for(session, student).id == match_round.id
    assert [e.slot.title for e in eligible_slots(session, student, match_round)] == ["agriculture"]


def test_age_is_taken_on_the_round_start(session, make_student, make_slot):
    student = make_student(date_of_birth=date(2011, 6, 20))
    make_slot(min_age=16)
    early = MatchRound(consortium_id=student.consortium_id, name="r", state=RoundState.OPEN,
                       term_start=date(2027, 6, 14))
    late = MatchRound(consortium_id=student.consortium_id, name="r2", state=RoundState.OPEN,
                      term_start=date(2027, 6, 21))
    session.add_all([early, late])
    session.commit()
    assert eligible_slots(session, student, early) == []
    assert len(eligible_slots(session, student, late)) == 1


def test_a_round_for_other_schools_is_not_the_students_round(session, make_student, make_school):
    student = make_student()
    session.add(MatchRound(consortium_id=student.consortium_id, name="r", state=RoundState.OPEN,
                           schools=[make_school()]))
    session.commit()
    assert open_round_for(session, student) is None


def test_a_round_without_schools_has_no_students_to_rank_in_it(session, make_student):
    student = make_student()
    session.add(MatchRound(consortium_id=student.consortium_id, name="r", state=RoundState.OPEN, schools=[]))
    session.commit()
    assert open_round_for(session, student) is None
