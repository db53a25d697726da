"""Withdrawing a student: every effect, in one transaction; bad input and repeated withdrawals write nothing;
reinstating brings the student back but not their account."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AuditEvent, Invitation, MatchRound, Placement, PlacementStatus, Preference, Role, RoundState, StudentProfile,
    User, WithdrawalReason,
)
from wbl_match.models.base import utcnow
from wbl_match.services import engine_io
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.accounts.invitations import find_invitation, hash_token
from wbl_match.services.rounds import round_readiness, round_rows
from wbl_match.services.students.withdrawals import reinstate_student, withdraw_student
from tests.services.rounds_support import build_round


@pytest.fixture
def staff(make_user):
    return make_user(Role.INTERMEDIARY)


def _actions(session, action):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def test_withdrawing_marks_the_student_with_reason_and_note_and_audits_it(session, staff, make_student):
    student = make_student()
    withdraw_student(session, staff, student, "other", "Moved to Oregon")
    session.refresh(student)
    assert student.is_withdrawn and student.withdrawal_reason is WithdrawalReason.OTHER
    assert student.withdrawal_note == "Moved to Oregon"
    [event] = _actions(session, "student.withdrawn")
    assert event.entity_id == student.id and event.details["reason"] == "other"
    assert "Moved" not in str(event.details)  # the note stays on the record, not copied into the trail


def test_withdrawing_switches_the_account_off_ends_its_sessions_and_voids_open_invitations(
        session, staff, make_student, make_user):
    account = make_user(Role.STUDENT)
    student = make_student(user_id=account.id)
    invitation = Invitation(consortium_id=student.consortium_id, email="again@example.org", role=Role.STUDENT,
                            student_id=student.id, token_hash=hash_token("open-link"), expires_at=utcnow() + timedelta(days=3))
    session.add(invitation)
    session.commit()
    assert find_invitation(session, "open-link") is not None
    version = account.session_version
    done = withdraw_student(session, staff, student, "left_school")
    session.refresh(account)
    session.refresh(invitation)
    assert done.account_closed
    assert account.is_active is False and account.session_version == version + 1
    assert _actions(session, "user.deactivated")
    assert find_invitation(session, "open-link") is None


def test_withdrawing_withdraws_open_offers_and_accepted_places_of_published_rounds(
        session, consortium, staff, make_school, make_student, make_slot):
    match_round, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                             students=2, slots=2, state=RoundState.PUBLISHED)
    offered = Placement(round_id=match_round.id, student_id=people[0].id, slot_id=slots[0].id,
                        status=PlacementStatus.OFFERED)
    other = Placement(round_id=match_round.id, student_id=people[1].id, slot_id=slots[1].id,
                      status=PlacementStatus.ACCEPTED)
    session.add_all([offered, other])
    session.commit()
    done = withdraw_student(session, staff, people[0], "left_programme")
    assert done.placements == 1
    session.refresh(offered)
    session.refresh(other)
    assert offered.status is PlacementStatus.WITHDRAWN and offered.response_reason
    assert other.status is PlacementStatus.ACCEPTED  # nobody else is touched
    assert len(_actions(session, "placement.withdrawn")) == 1

    withdraw_student(session, staff, people[1], "family_request")
    session.refresh(other)
    assert other.status is PlacementStatus.WITHDRAWN


def test_withdrawing_withdraws_proposed_and_pinned_placements_of_a_solved_round(
        session, consortium, staff, make_school, make_student, make_slot):
    match_round, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                             state=RoundState.SOLVED)
    proposed = Placement(round_id=match_round.id, student_id=people[0].id, slot_id=slots[0].id, pinned=True)
    session.add(proposed)
    session.commit()
    withdraw_student(session, staff, people[0], "left_school")
    session.refresh(proposed)
    assert proposed.status is PlacementStatus.WITHDRAWN and proposed.pinned is False


def test_accepted_placements_of_archived_rounds_stay_as_history(
        session, consortium, staff, make_school, make_student, make_slot):
    match_round, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                             state=RoundState.ARCHIVED)
    accepted = Placement(round_id=match_round.id, student_id=people[0].id, slot_id=slots[0].id,
                         status=PlacementStatus.ACCEPTED)
    session.add(accepted)
    session.commit()
    withdraw_student(session, staff, people[0], "left_school")
    session.refresh(accepted)
    assert accepted.status is PlacementStatus.ACCEPTED


def test_withdrawing_removes_rankings_in_open_rounds_only(
        session, consortium, staff, make_school, make_student, make_slot):
    open_round, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                            state=RoundState.OPEN)
    closed = MatchRound(consortium_id=consortium.id, name="Closed", state=RoundState.CLOSED,
                        schools=open_round.schools, slots=slots)
    session.add(closed)
    session.flush()
    session.add_all([Preference(round_id=open_round.id, student_id=people[0].id, slot_id=slots[0].id, rank=1),
                     Preference(round_id=open_round.id, student_id=people[0].id, slot_id=slots[1].id, rank=2),
                     Preference(round_id=closed.id, student_id=people[0].id, slot_id=slots[0].id, rank=1),
                     Preference(round_id=open_round.id, student_id=people[1].id, slot_id=slots[0].id, rank=1)])
    session.commit()
    done = withdraw_student(session, staff, people[0], "left_school")
    assert done.rankings == 2
    left = session.execute(sa.select(Preference.round_id, Preference.student_id)).all()
    assert sorted(left) == sorted([(closed.id, people[0].id), (open_round.id, people[1].id)])


def test_withdrawn_students_are_left_out_of_the_round_file_and_of_readiness(
        session, consortium, staff, make_school, make_student, make_slot):
    match_round, people, _ = build_round(session, consortium, make_school, make_student, make_slot, students=3)
    before = round_readiness(session, match_round)
    withdraw_student(session, staff, people[0], "left_school")
    document, _ = round_rows.round_file_for(session, match_round)
    keys = {s["id"] for s in document["students"]}
    assert engine_io.student_key(people[0].id) not in keys
    assert keys == {engine_io.student_key(p.id) for p in people[1:]}
    after = round_readiness(session, match_round)
    assert (after.students, after.complete) == (before.students - 1, before.complete - 1)


def test_a_withdrawn_student_cannot_be_pinned(session, consortium, staff, make_school, make_student, make_slot):
    from wbl_match.services.rounds import RoundError, pin_student

    match_round, people, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                             state=RoundState.SOLVED)
    withdraw_student(session, staff, people[0], "left_school")
    with pytest.raises(RoundError, match="withdrawn"):
        pin_student(session, staff, match_round.id, people[0].id, slots[0].id)


def test_a_re_import_leaves_a_withdrawn_student_withdrawn_and_unchanged(session, staff, make_student):
    student = make_student(first_name="Ana", last_name="Ruiz", grade=10)
    withdraw_student(session, staff, student, "left_school")
    data = (f"Student ID,School,First name,Last name,Grade,Home ZIP\n"
            f"{student.external_id},{student.school.cds_code},Ana,Ruiz-Lopez,11,93291\n")
    job = start_import(session, staff, "students", "roster.csv", data.encode())
    job = read_import(session, job.id)  # the background job reads the file once
    assert choose_mapping(session, staff, job, list(job.mapping)) == []
    job = run_import(session, job.id)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)
    session.refresh(student)
    assert student.is_withdrawn and student.last_name == "Ruiz" and student.grade == 10
    [event] = _actions(session, "import.completed")
    assert event.details["withdrawn_left_as_is"] == 1


@pytest.mark.parametrize(("reason", "note", "field"), [
    (None, None, "reason"), ("", "", "reason"), ("moved", None, "reason"), ("other", "   ", "note"),
    ("other", "x" * 501, "note"),
])
def test_a_withdrawal_without_a_valid_reason_writes_nothing(session, staff, make_student, make_user,
                                                            reason, note, field):
    account = make_user(Role.STUDENT)
    student = make_student(user_id=account.id)
    with pytest.raises(FieldErrors) as raised:
        withdraw_student(session, staff, student, reason, note)
    assert field in raised.value.errors
    session.rollback()
    assert session.get(StudentProfile, student.id).withdrawn_at is None
    assert session.get(User, account.id).is_active is True
    assert _actions(session, "student.withdrawn") == []


def test_withdrawing_twice_is_refused_with_a_clear_message(session, staff, make_student):
    student = make_student()
    withdraw_student(session, staff, student, "left_school")
    with pytest.raises(Refused, match="already withdrawn"):
        withdraw_student(session, staff, student, "family_request")
    session.rollback()
    assert session.get(StudentProfile, student.id).withdrawal_reason is WithdrawalReason.LEFT_SCHOOL


def test_a_student_of_a_round_being_solved_cannot_be_withdrawn_until_the_solve_ends(
        session, consortium, staff, make_school, make_student, make_slot):
    _, people, _ = build_round(session, consortium, make_school, make_student, make_slot, state=RoundState.SOLVING)
    with pytest.raises(Refused, match="being solved"):
        withdraw_student(session, staff, people[0], "left_school")


def test_reinstating_brings_the_student_back_but_not_their_account(session, staff, make_student, make_user,
                                                                   consortium, make_school, make_slot):
    account = make_user(Role.STUDENT)
    student = make_student(user_id=account.id)
    withdraw_student(session, staff, student, "left_school")
    reinstate_student(session, staff, student)
    session.refresh(student)
    assert not student.is_withdrawn and student.withdrawal_reason is None
    assert session.get(User, account.id).is_active is False
    assert _actions(session, "student.reinstated")
    with pytest.raises(Refused, match="not withdrawn"):
        reinstate_student(session, staff, student)
