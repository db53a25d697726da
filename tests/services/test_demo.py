"""The demo consortium is real geography, believable, and the same for the same seed."""
from __future__ import annotations

import hashlib
from collections import Counter

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AuditEvent, Consortium, Employer, MatchRound, Preference, Role, RoundState, School, Slot, SlotStatus,
    StudentProfile, User,
)
from wbl_match.passwords import get_passwords
from wbl_match.reference import PATHWAY_BY_CODE
from wbl_match.services.demo import (
    DEMO_PASSWORD, SPRING_END, SPRING_ROUND, SPRING_START, SUMMER_END, SUMMER_ROUND, SUMMER_START,
    DemoAlreadySeeded, catalogue, geography, seed_demo,
)
from wbl_match.services.students.eligibility import eligible_slots, open_round_for
from wbl_match.domain.profiles import profile_gaps
from wbl_match.services.students.preferences import ranking_is_open
from wbl_match.services.rounds import change_state, request_solve, run_round
from tests.conftest import _empty_tables as empty_tables, login


@pytest.fixture
def small_demo(app, session):
    return seed_demo(session, get_passwords(app), seed=7, students=200, employers=30, slots=80)


@pytest.fixture
def full_demo(app, session):
    """The demo exactly as ``make run`` seeds it."""
    return seed_demo(session, get_passwords(app))


def _user(session, email: str) -> User:
    return session.scalar(sa.select(User).where(User.email == email))


def _digest(session) -> str:
    rows = session.execute(sa.select(StudentProfile.external_id, StudentProfile.first_name, StudentProfile.home_lat,
                                     StudentProfile.home_lon, StudentProfile.max_minutes)
                           .order_by(StudentProfile.external_id)).all()
    rows += session.execute(sa.select(Slot.external_id, Slot.title, Slot.capacity, Slot.site_lat)
                            .order_by(Slot.external_id)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_same_seed_builds_the_same_consortium(app, session):
    first = seed_demo(session, get_passwords(app), seed=11, students=60, employers=10, slots=20)
    digest = _digest(session)
    session.commit()
    empty_tables()
    second = seed_demo(session, get_passwords(app), seed=11, students=60, employers=10, slots=20)
    assert _digest(session) == digest
    assert (first.students, first.slots) == (second.students, second.slots)


def test_the_demo_uses_the_real_high_schools_of_tulare_and_kings_counties(small_demo, session):
    schools = session.scalars(sa.select(School)).all()
    assert {s.county for s in schools} == {"Tulare", "Kings"}
    names = {s.name for s in schools}
    assert {"Hanford High", "Mt. Whitney High", "Porterville High"} <= names
    assert all(len(s.cds_code) == 14 for s in schools)


def test_students_live_near_their_school(small_demo, session):
    for student in session.scalars(sa.select(StudentProfile)):
        school = student.school
        assert geography.haversine_km(student.home_lat, student.home_lon, school.lat, school.lon) <= 14.01


def test_every_slot_pathway_belongs_to_its_sector(small_demo, session):
    for slot in session.scalars(sa.select(Slot)):
        assert PATHWAY_BY_CODE[slot.pathway_code].sector_code == slot.sector_code
    for _, kind in catalogue.EMPLOYER_KINDS:
        assert PATHWAY_BY_CODE[kind.pathway].sector_code == kind.sector


def test_the_demo_has_the_requested_size_and_every_slot_has_a_schedule(small_demo, session):
    assert session.scalar(sa.select(sa.func.count(StudentProfile.id))) == 200
    assert session.scalar(sa.select(sa.func.count(Employer.id))) == 30
    slots = session.scalars(sa.select(Slot)).all()
    assert len(slots) == 80
    assert all(slot.shifts for slot in slots)
    assert len({slot.sector_code for slot in slots}) >= 8


def test_each_demo_login_reaches_its_role_home(small_demo, app, session):
    homes = {Role.ADMIN: "/admin/", Role.INTERMEDIARY: "/intermediary/", Role.EMPLOYER: "/employer/",
             Role.STUDENT: "/student/"}
    for demo_login in small_demo.logins:
        client = app.test_client()
        user = session.scalar(sa.select(User).where(User.email == demo_login.email))
        assert login(client, user, password=DEMO_PASSWORD).status_code == 302
        assert client.get(homes[demo_login.role]).status_code == 200


def test_seeding_twice_is_refused(small_demo, app, session):
    with pytest.raises(DemoAlreadySeeded):
        seed_demo(session, get_passwords(app), seed=7, students=10, employers=2, slots=2)
    assert session.scalar(sa.select(sa.func.count(Consortium.id))) == 1


def test_seed_demo_command_with_if_empty_does_nothing_the_second_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--students", "20", "--employers", "5", "--slots", "10"])
    assert first.exit_code == 0, first.output
    assert "coordinator@south-valley.example.org" in first.output
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "already" in second.output
    third = runner.invoke(args=["seed-demo"])
    assert third.exit_code == 2 and "exists already" in third.output


def test_seeding_opens_the_spring_after_school_round_and_keeps_the_summer_round_a_draft(small_demo, session):
    rounds = {r.name: r for r in session.scalars(sa.select(MatchRound))}
    assert set(rounds) == {SPRING_ROUND, SUMMER_ROUND}
    spring, summer = rounds[SPRING_ROUND], rounds[SUMMER_ROUND]
    assert (spring.state, summer.state) == (RoundState.OPEN, RoundState.DRAFT)
    assert (spring.term_start, spring.term_end, summer.term_start, summer.term_end) == (
        SPRING_START, SPRING_END, SUMMER_START, SUMMER_END)
    open_slots = session.scalars(sa.select(Slot).where(Slot.status == SlotStatus.OPEN)).all()
    assert {s.id for s in spring.slots} == {s.id for s in open_slots if s.term_start == SPRING_START}
    assert {s.id for s in summer.slots} == {s.id for s in open_slots if s.term_start == SUMMER_START}
    every_school = {s.id for s in session.scalars(sa.select(School))}
    assert {s.id for s in spring.schools} == {s.id for s in summer.schools} == every_school
    assert ranking_is_open(spring) and not ranking_is_open(summer)
    assert summer.ranking_closes_at < summer.offers_expire_at


def test_the_coordinator_created_both_demo_rounds_and_opened_the_spring_round_on_the_record(small_demo, session):
    coordinator = _user(session, "coordinator@south-valley.example.org")
    rounds = {r.name: r for r in session.scalars(sa.select(MatchRound))}
    assert {r.created_by_id for r in rounds.values()} == {coordinator.id}
    events = session.execute(sa.select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.actor_id)
                             .where(AuditEvent.entity_type == "match_rounds")).all()
    spring, summer = rounds[SPRING_ROUND].id, rounds[SUMMER_ROUND].id
    assert sorted(events) == sorted([("round.created", spring, coordinator.id), ("round.open", spring, coordinator.id),
                                     ("round.created", summer, coordinator.id)])


def test_most_students_are_free_after_school_and_some_also_or_only_on_summer_days(small_demo, session):
    after_school = summer = 0
    students = session.scalars(sa.select(StudentProfile)).all()
    for student in students:
        weekdays = [a for a in student.availability if a.day < 5]
        after_school += any(a.start_minute <= 15 * 60 and a.end_minute >= 18 * 60 for a in weekdays)
        summer += len({a.day for a in weekdays if a.start_minute <= 7 * 60 and a.end_minute >= 17 * 60}) == 5
    assert after_school >= 0.75 * len(students)
    assert 0.2 * len(students) <= summer <= 0.6 * len(students)


def test_the_demo_employer_has_a_slot_in_the_open_spring_round(small_demo, session):
    employer_id = _user(session, "employer@south-valley.example.org").employer_id
    spring = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    assert any(slot.employer_id == employer_id for slot in spring.slots)


def test_the_demo_student_can_rank_among_at_least_ten_spring_slots_right_after_seeding(full_demo, session):
    user = _user(session, "student@south-valley.example.org")
    profile = session.scalar(sa.select(StudentProfile).where(StudentProfile.user_id == user.id))
    assert profile_gaps(profile) == []
    match_round = open_round_for(session, profile)
    assert match_round.name == SPRING_ROUND and ranking_is_open(match_round)
    assert match_round.max_ranked >= 3
    assert len(eligible_slots(session, profile, match_round)) >= 10


def test_many_students_rank_spring_slots_they_can_take_and_the_demo_student_has_not_yet(
        small_demo, session):
    spring = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    ranked: dict[int, list[tuple[int, int]]] = {}
    for student_id, slot_id, rank in session.execute(
            sa.select(Preference.student_id, Preference.slot_id, Preference.rank)
            .where(Preference.round_id == spring.id)):
        ranked.setdefault(student_id, []).append((rank, slot_id))
    assert 0.1 * 200 <= len(ranked) <= 0.6 * 200
    demo_student = session.scalar(sa.select(StudentProfile.id).join(User, User.id == StudentProfile.user_id)
                                  .where(User.email == "student@south-valley.example.org"))
    assert demo_student not in ranked
    for student_id, ranks in ranked.items():
        assert sorted(rank for rank, _ in ranks) == list(range(1, len(ranks) + 1))
        assert len(ranks) <= spring.max_ranked
        profile = session.get(StudentProfile, student_id)
        assert {slot_id for _, slot_id in ranks} <= {e.slot.id for e in eligible_slots(session, profile, spring)}


def _binding_reason(entry: dict) -> str:
    """The rule that removed a student's last slots, or that the slots they could take were all taken."""
    counts = {reason["code"]: reason.get("slots", 0) for reason in entry["reasons"]}
    if "capacity_taken" in counts:
        return "capacity_taken"
    rules = ("no_sector_match", "too_far", "schedule_conflict", "ineligible", "excluded", "not_ranked")
    return [code for code in rules if counts.get(code)][-1]


def test_solving_the_demo_spring_round_places_at_least_three_students_in_ten_for_mixed_reasons(
        full_demo, session):
    coordinator = _user(session, "coordinator@south-valley.example.org")
    spring = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    change_state(session, coordinator, spring.id, RoundState.CLOSED)
    run = run_round(session, request_solve(session, coordinator, spring.id).id)
    assert run.error is None
    students, placed = len(run.round_file["students"]), run.result["objective"]["placed"]
    assert students == 1500
    assert placed >= 0.30 * students
    reasons = Counter(_binding_reason(entry) for entry in run.result["unplaced"])
    assert {"too_far", "schedule_conflict", "capacity_taken"} <= set(reasons)
    assert max(reasons.values()) < 0.75 * sum(reasons.values())
    # Students who ranked mostly get a slot they ranked, often their first choice.
    preferences = {s["id"]: s.get("preferences") or [] for s in run.round_file["students"]}
    ranks = [preferences[p["student"]].index(p["slot"]) + 1 for p in run.result["placements"]
             if p["slot"] in preferences[p["student"]]]
    assert len(ranks) >= 0.25 * placed and ranks.count(1) >= 0.4 * len(ranks)
