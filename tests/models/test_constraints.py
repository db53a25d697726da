"""The database itself refuses records that break an invariant (the second line of defence)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, Role, SlotShift, SlotStatus, SolveRun, SolveStatus, User,
)


def _refused(session, statement):
    with pytest.raises((IntegrityError, StatementError)):
        session.execute(statement)
        session.flush()
    session.rollback()


def test_a_slot_must_take_at_least_one_student(session, make_slot):
    slot = make_slot()
    _refused(session, sa.update(slot.__class__).where(slot.__class__.id == slot.id).values(capacity=0))


def test_a_slot_cannot_open_without_a_safety_attestation(session, make_slot):
    with pytest.raises(IntegrityError):
        make_slot(status=SlotStatus.OPEN, safety_attested_at=None)
    session.rollback()


def test_a_slot_that_is_not_remote_needs_coordinates(session, make_slot):
    with pytest.raises(IntegrityError):
        make_slot(site_lat=None, site_lon=None, is_remote=False)
    session.rollback()
    assert make_slot(site_lat=None, site_lon=None, is_remote=True).id


def test_a_slot_cannot_belong_to_an_employer_of_another_consortium(session, make_slot, make_employer,
                                                                 make_consortium):
    other = make_consortium()
    foreign_employer = make_employer(consortium_id=other.id)
    with pytest.raises(IntegrityError):
        make_slot(employer_id=foreign_employer.id)
    session.rollback()


def test_a_shift_must_end_after_it_starts(session, make_slot):
    slot = make_slot()
    session.add(SlotShift(slot_id=slot.id, day=1, start_minute=17 * 60, end_minute=15 * 60))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_a_shift_day_is_a_day_of_the_week(session, make_slot):
    slot = make_slot()
    session.add(SlotShift(slot_id=slot.id, day=7, start_minute=60, end_minute=120))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_a_student_grade_is_between_9_and_12(session, make_student):
    with pytest.raises(IntegrityError):
        make_student(grade=13)
    session.rollback()


def test_coordinates_must_be_on_earth(session, make_student):
    with pytest.raises(IntegrityError):
        make_student(home_lat=91.0)
    session.rollback()


def test_an_employer_account_must_name_its_employer_and_only_employer_accounts_may(session, consortium,
                                                                                    make_employer):
    session.add(User(consortium_id=consortium.id, email="e@x.org", name="E", role=Role.EMPLOYER))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
    employer = make_employer()
    session.add(User(consortium_id=consortium.id, email="s@x.org", name="S", role=Role.STUDENT,
                     employer_id=employer.id))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_external_ids_are_unique_within_a_consortium(session, make_student):
    make_student(external_id="SSID-1")
    with pytest.raises(IntegrityError):
        make_student(external_id="SSID-1")
    session.rollback()


def test_a_student_holds_at_most_one_active_placement_per_round(session, consortium, make_slot, make_student):
    match_round = MatchRound(consortium_id=consortium.id, name="Spring")
    session.add(match_round)
    student, first, second = make_student(), make_slot(), make_slot()
    session.commit()
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=first.id,
                          status=PlacementStatus.DECLINED))
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=second.id,
                          status=PlacementStatus.OFFERED))
    session.commit()  # a declined offer does not hold the place
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=first.id,
                          status=PlacementStatus.PROPOSED))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_only_one_solve_of_a_round_can_be_queued_or_running(session, consortium):
    match_round = MatchRound(consortium_id=consortium.id, name="Spring")
    session.add(match_round)
    session.commit()
    session.add(SolveRun(round_id=match_round.id, status=SolveStatus.SUCCEEDED))
    session.add(SolveRun(round_id=match_round.id, status=SolveStatus.RUNNING))
    session.commit()
    session.add(SolveRun(round_id=match_round.id, status=SolveStatus.QUEUED))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_enum_columns_refuse_unknown_values(session, make_slot):
    slot = make_slot()
    with pytest.raises((IntegrityError, StatementError, LookupError)):
        session.execute(sa.text("UPDATE slots SET status = 'bogus' WHERE id = :id"), {"id": slot.id})
        session.flush()
    session.rollback()
