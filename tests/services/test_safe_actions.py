"""Safe actions: the publish preview says what publishing does; confirmations say what an irreversible action
does; a decline can be taken back while its window lasts and its place is free."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    EmployerContact, OutboxMessage, Placement, PlacementStatus, Preference, Role, RoundState,
)
from wbl_match.models.base import utcnow
from wbl_match.services.employers.slot_consequences import close_consequences, delete_consequences
from wbl_match.services.errors import Refused
from wbl_match.services.rounds import RoundError, publish_round, request_solve, run_round
from wbl_match.services.rounds.consequences import archive_consequences, undo_decline, undo_refusal
from wbl_match.services.rounds.publish_preview import publish_preview
from tests.services.rounds_support import build_round


@pytest.fixture
def solved(session, consortium, make_school, make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=3, slots=2)
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round, students, slots


def test_the_preview_lists_every_offer_and_who_cannot_be_reached_and_writes_nothing(session, solved):
    match_round, students, slots = solved
    placed = session.scalars(sa.select(Placement).where(Placement.round_id == match_round.id)).all()
    quiet = placed[0].student
    quiet.email = None
    session.execute(sa.delete(EmployerContact).where(EmployerContact.employer_id == placed[1].slot.employer_id))
    session.commit()
    preview = publish_preview(session, match_round)
    assert {o.placement.id for o in preview.offers} == {p.id for p in placed}
    assert [o.placement.student for o in preview.unreachable_students] == [quiet]
    assert [e.employer.id for e in preview.unreachable_employers] == [placed[1].slot.employer_id]
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert match_round.state is RoundState.SOLVED


def test_the_preview_counts_exactly_the_e_mails_publishing_then_queues(session, solved, make_user):
    match_round, *_ = solved
    session.scalars(sa.select(Placement)).first().student.email = None
    session.commit()
    preview = publish_preview(session, match_round)
    published = publish_round(session, make_user(Role.INTERMEDIARY), match_round.id)
    assert published.offers == len(preview.offers)
    assert published.without_email == len(preview.unreachable_students)
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == preview.emails


def test_the_preview_of_an_unsolved_or_published_round_is_refused_by_the_lifecycles_own_guard(
        session, consortium, make_school, make_student, make_slot, solved, make_user):
    closed, *_ = build_round(session, consortium, make_school, make_student, make_slot)
    with pytest.raises(RoundError, match="A closed round cannot be published until it is solved."):
        publish_preview(session, closed)
    match_round = solved[0]
    publish_round(session, make_user(Role.INTERMEDIARY), match_round.id)
    with pytest.raises(RoundError, match="already published"):
        publish_preview(session, match_round)


def test_archiving_says_what_becomes_of_open_offers_and_accepted_places(session, solved, make_user):
    match_round, *_ = solved
    with pytest.raises(RoundError, match="cannot be archived"):
        archive_consequences(session, match_round)
    publish_round(session, make_user(Role.INTERMEDIARY), match_round.id)
    first = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    first.status = PlacementStatus.ACCEPTED
    session.commit()
    lines = archive_consequences(session, match_round)
    assert any("1 open offer can no longer be answered" in line for line in lines)
    assert any("1 accepted placement stays" in line for line in lines)


@pytest.fixture
def declined(session, solved, make_user):
    match_round, students, slots = solved
    publish_round(session, make_user(Role.INTERMEDIARY), match_round.id)
    placement = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    placement.student.user_id = make_user(Role.STUDENT).id
    placement.status, placement.responded_at = PlacementStatus.DECLINED, utcnow()
    session.commit()
    return placement


def test_a_student_takes_their_decline_back_while_the_window_lasts_and_the_place_is_free(session, declined):
    assert undo_refusal(session, declined) is None
    undo_decline(session, declined.student.user, declined)
    assert declined.status is PlacementStatus.OFFERED and declined.responded_at is None


def test_a_decline_cannot_be_taken_back_after_the_deadline(session, declined):
    declined.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    with pytest.raises(Refused, match="time to answer this offer has passed"):
        undo_decline(session, declined.student.user, declined)
    assert declined.status is PlacementStatus.DECLINED


def test_a_decline_cannot_be_taken_back_once_its_place_went_to_another_student(session, declined, make_student):
    for _ in range(declined.slot.capacity):
        session.add(Placement(round_id=declined.round_id, student_id=make_student(school_id=declined.student.school_id).id,
                              slot_id=declined.slot_id, status=PlacementStatus.OFFERED))
    session.commit()
    assert undo_refusal(session, declined) == "The place has been offered to another student since."


def test_only_the_student_or_their_own_coordinators_take_a_decline_back(session, declined, make_user, make_consortium):
    with pytest.raises(Refused, match="Only the student"):
        undo_decline(session, make_user(Role.STUDENT), declined)
    with pytest.raises(Refused, match="another consortium"):
        undo_decline(session, make_user(Role.INTERMEDIARY, consortium_id=make_consortium().id), declined)
    undo_decline(session, make_user(Role.INTERMEDIARY), declined)
    assert declined.status is PlacementStatus.OFFERED


def test_closing_a_slot_says_who_keeps_a_place_who_ranked_it_and_that_it_can_open_again(session, solved):
    match_round, students, slots = solved
    match_round.state = RoundState.SOLVED
    session.add(Preference(round_id=match_round.id, student_id=students[0].id, slot_id=slots[0].id, rank=1))
    session.commit()
    lines = close_consequences(session, slots[0])
    assert any("proposed placement" in line and "not yet offered" in line for line in lines)
    assert any("the 1 student who ranked it" in line for line in lines)
    assert lines[-1] == "You can open it again at any time."


def test_deleting_says_it_is_for_good_and_a_slot_of_a_round_cannot_be_deleted(session, solved, make_slot):
    assert "cannot be deleted" in delete_consequences(session, solved[2][0])[0]
    assert "deleted for good" in delete_consequences(session, make_slot())[0]
