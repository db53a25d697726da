"""The dashboard's to-do list: each kind of waiting work appears, and what needs nothing does not."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from wbl_match.models import (
    AuditEvent, HoursEntry, MatchRound, Placement, PlacementStatus, RoundState, SolveRun, SolveStatus,
    Role, WithdrawalReason,
)
from wbl_match.models.base import utcnow
from wbl_match.services.employers.their_rounds import CONCERN
from wbl_match.services.placements.lifecycle import progress_of
from wbl_match.services.todo import todo_list
from tests.after_support import make_accepted  # noqa: F401 (fixture)


def _round(session, consortium, state, **fields) -> MatchRound:
    match_round = MatchRound(consortium_id=consortium.id, name=f"{state.value} round", state=state, **fields)
    session.add(match_round)
    session.commit()
    return match_round


def test_each_round_that_waits_for_its_next_step_is_listed_with_what_to_do(session, consortium):
    now = utcnow()
    _round(session, consortium, RoundState.DRAFT)
    _round(session, consortium, RoundState.CLOSED)
    _round(session, consortium, RoundState.SOLVED)
    _round(session, consortium, RoundState.OPEN, ranking_closes_at=now - timedelta(hours=1))
    _round(session, consortium, RoundState.OPEN, ranking_closes_at=now + timedelta(days=3))
    _round(session, consortium, RoundState.ARCHIVED)
    items = {item.title: item for item in todo_list(session, consortium.id).rounds}
    assert set(items) == {"draft round", "closed round", "solved round", "open round"}
    assert "solve it" in items["closed round"].detail
    assert items["solved round"].endpoint == "intermediary.round_review" and "publish" in items["solved round"].detail
    assert "deadline has passed" in items["open round"].detail


def _offer(session, round_, student, slot, status=PlacementStatus.OFFERED, **fields) -> Placement:
    placement = Placement(round_id=round_.id, student_id=student.id, slot_id=slot.id, status=status,
                          offered_at=utcnow() - timedelta(days=5), **fields)
    session.add(placement)
    session.commit()
    return placement


def test_offers_about_to_expire_are_counted_per_round_and_later_ones_are_not(session, consortium, make_student,
                                                                           make_slot):
    now = utcnow()
    published = _round(session, consortium, RoundState.PUBLISHED)
    slot = make_slot()
    _offer(session, published, make_student(), slot, expires_at=now + timedelta(days=1))
    _offer(session, published, make_student(), slot, expires_at=now + timedelta(days=2))
    _offer(session, published, make_student(), slot, expires_at=now + timedelta(days=10))
    offers = todo_list(session, consortium.id).offers
    assert len(offers) == 1 and offers[0].detail.startswith("2 students still to answer")


def test_a_published_round_with_places_freed_since_its_last_solve_asks_for_a_re_match(session, consortium,
                                                                                    make_student, make_slot):
    now = utcnow()
    published = _round(session, consortium, RoundState.PUBLISHED)
    session.add(SolveRun(round_id=published.id, status=SolveStatus.SUCCEEDED, finished_at=now - timedelta(days=4)))
    slot = make_slot()
    _offer(session, published, make_student(), slot, status=PlacementStatus.DECLINED,
           responded_at=now - timedelta(days=5))  # before the last solve: re-matched already
    assert todo_list(session, consortium.id).rounds == []
    _offer(session, published, make_student(), slot, status=PlacementStatus.DECLINED, responded_at=now)
    _offer(session, published, make_student(), slot, expires_at=now - timedelta(hours=1))
    (item,) = todo_list(session, consortium.id).rounds
    assert item.detail.startswith("2 offers declined or expired")


def test_students_with_incomplete_profiles_are_counted_by_school_leaving_out_the_withdrawn(
        session, consortium, make_school, make_student):
    school, other = make_school(name="Lindsay High"), make_school(name="Tulare Union")
    make_student(school_id=school.id, home_lat=None, home_lon=None)
    make_student(school_id=school.id, availability=())
    make_student(school_id=school.id)  # complete
    make_student(school_id=other.id, sectors=(), withdrawn_at=utcnow(), withdrawal_reason=WithdrawalReason.LEFT_SCHOOL)
    (item,) = todo_list(session, consortium.id).profiles
    assert item.title == "Lindsay High" and item.detail.startswith("2 students cannot be matched")
    assert item.arguments == {"school": school.id, "profile": "incomplete"}


def test_a_concern_an_employer_raised_is_listed_and_one_of_another_consortium_is_not(
        session, consortium, make_consortium, make_accepted):
    placement = make_accepted()
    session.add(AuditEvent(consortium_id=consortium.id, action=CONCERN, entity_type="placements",
                           entity_id=placement.id, details={}))
    session.add(AuditEvent(consortium_id=make_consortium().id, action=CONCERN, entity_type="placements",
                           entity_id=placement.id, details={}))
    session.commit()
    (item,) = todo_list(session, consortium.id).concerns
    assert item.title == placement.student.display_name or placement.student.first_name in item.title
    assert item.arguments == {"placement_id": placement.id}


def test_placements_getting_ready_and_hours_waiting_for_approval_come_from_the_after_match_records(
        session, consortium, make_accepted):
    placement = make_accepted()
    todo = todo_list(session, consortium.id)
    (ready,) = todo.readiness
    assert ready.title == placement.student.school.name and "1 placement still getting ready" in ready.detail
    assert todo.hours == []
    progress = progress_of(session, placement)
    session.add(HoursEntry(progress_id=progress.id, work_date=date(2027, 3, 1), minutes=120))
    session.commit()
    (hours,) = todo_list(session, consortium.id).hours
    assert "1 day of hours logged since March 1" in hours.detail


def test_a_quiet_consortium_has_nothing_to_do(session, consortium):
    assert todo_list(session, consortium.id).count == 0


def test_a_placement_ended_early_asks_for_a_re_match_of_its_round(session, consortium, make_accepted, make_user):
    from wbl_match.services.placements import lifecycle

    placement = make_accepted()
    coordinator = make_user(Role.INTERMEDIARY)
    assert [i for i in todo_list(session, consortium.id).rounds if "ended early" in i.detail] == []
    progress = lifecycle.progress_of(session, placement)
    session.commit()
    lifecycle.end_early(session, coordinator, progress, "The student moved away.")
    (item,) = [i for i in todo_list(session, consortium.id).rounds if "ended early" in i.detail]
    assert item.detail == "1 placement ended early: re-match the places they free"
    assert item.arguments == {"round_id": placement.round_id}
