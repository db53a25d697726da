"""Ranking slots in an open round, and answering a placement offer."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AuditEvent, MatchRound, Placement, PlacementStatus, Preference, Role, RoundState,
)
from wbl_match.models.base import utcnow
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.rounds.offers import OfferRefused, respond_to_offer
from wbl_match.services.students.preferences import current_ranks, save_preferences


@pytest.fixture
def setting(session, make_user, make_student, make_slot):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id)
    slots = [make_slot(title=f"slot {n}") for n in range(4)]
    far = make_slot(title="far", site_lat=37.5, site_lon=-120.5)
    match_round = MatchRound(consortium_id=student.consortium_id, name="Open", state=RoundState.OPEN, max_ranked=3,
                             slots=[*slots, far], schools=[student.school])
    session.add(match_round)
    session.commit()
    return user, student, slots, far, match_round


def test_a_student_ranks_eligible_slots_and_ranks_are_renumbered(session, setting):
    user, student, slots, _, match_round = setting
    ordered = save_preferences(session, user, student, match_round, {slots[2].id: 3, slots[0].id: 1})
    assert ordered == [slots[0].id, slots[2].id]
    assert current_ranks(session, match_round, student) == {slots[0].id: 1, slots[2].id: 2}
    assert session.scalar(sa.select(AuditEvent.action)) == "preferences.saved"


def test_ranking_again_replaces_the_earlier_ranking(session, setting):
    user, student, slots, _, match_round = setting
    save_preferences(session, user, student, match_round, {slots[0].id: 1, slots[1].id: 2})
    save_preferences(session, user, student, match_round, {slots[3].id: 1})
    assert current_ranks(session, match_round, student) == {slots[3].id: 1}


def test_more_than_max_ranked_slots_is_refused(session, setting):
    user, student, slots, _, match_round = setting
    with pytest.raises(FieldErrors) as caught:
        save_preferences(session, user, student, match_round, {s.id: n for n, s in enumerate(slots, 1)})
    assert "ranks" in caught.value.errors


def test_the_same_rank_twice_is_an_error_beside_both_slots(session, setting):
    user, student, slots, _, match_round = setting
    with pytest.raises(FieldErrors) as caught:
        save_preferences(session, user, student, match_round, {slots[0].id: 1, slots[1].id: 1})
    assert set(caught.value.errors) == {f"rank-{slots[0].id}", f"rank-{slots[1].id}"}
    assert session.scalar(sa.select(sa.func.count()).select_from(Preference)) == 0


def test_a_slot_the_student_cannot_take_cannot_be_ranked(session, setting):
    user, student, _, far, match_round = setting
    with pytest.raises(FieldErrors) as caught:
        save_preferences(session, user, student, match_round, {far.id: 1})
    assert "cannot take" in caught.value.errors[f"rank-{far.id}"][0]


def test_ranking_is_refused_when_the_round_is_not_open_or_its_deadline_passed(session, setting):
    user, student, slots, _, match_round = setting
    match_round.ranking_closes_at = utcnow() - timedelta(minutes=1)
    session.commit()
    with pytest.raises(Refused):
        save_preferences(session, user, student, match_round, {slots[0].id: 1})
    match_round.ranking_closes_at, match_round.state = None, RoundState.CLOSED
    session.commit()
    with pytest.raises(Refused):
        save_preferences(session, user, student, match_round, {slots[0].id: 1})


@pytest.fixture
def offer(session, setting):
    user, student, slots, _, match_round = setting
    match_round.state = RoundState.PUBLISHED
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slots[0].id,
                          status=PlacementStatus.OFFERED, offered_at=utcnow(), expires_at=utcnow() + timedelta(days=3))
    session.add(placement)
    session.commit()
    return user, placement


def test_a_student_accepts_their_offer_before_the_deadline(session, offer):
    user, placement = offer
    respond_to_offer(session, user, placement, accept=True)
    assert placement.status is PlacementStatus.ACCEPTED and placement.responded_by_id == user.id
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "placement.accepted"))
    assert event.details == {"on_behalf": False}


def test_a_student_declines_and_cannot_answer_twice(session, offer):
    user, placement = offer
    respond_to_offer(session, user, placement, accept=False)
    assert placement.status is PlacementStatus.DECLINED
    with pytest.raises(OfferRefused):
        respond_to_offer(session, user, placement, accept=True)


def test_an_offer_past_its_deadline_cannot_be_answered(session, offer):
    user, placement = offer
    placement.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    with pytest.raises(OfferRefused):
        respond_to_offer(session, user, placement, accept=True)
    assert placement.status is PlacementStatus.OFFERED


def test_another_student_cannot_answer_the_offer(session, offer, make_user):
    _, placement = offer
    with pytest.raises(OfferRefused):
        respond_to_offer(session, make_user(Role.STUDENT), placement, accept=True)
    with pytest.raises(OfferRefused):
        respond_to_offer(session, make_user(Role.EMPLOYER), placement, accept=True)


def test_staff_answer_on_a_students_behalf_only_with_a_reason(session, offer, make_user):
    _, placement = offer
    coordinator = make_user(Role.INTERMEDIARY)
    with pytest.raises(OfferRefused):
        respond_to_offer(session, coordinator, placement, accept=True)
    respond_to_offer(session, coordinator, placement, accept=True, reason="Student called the office.")
    assert placement.response_reason == "Student called the office."
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "placement.accepted"))
    assert event.details == {"on_behalf": True} and event.actor_id == coordinator.id


def test_staff_of_another_consortium_cannot_answer(session, offer, make_user, make_consortium):
    _, placement = offer
    outsider = make_user(Role.INTERMEDIARY, consortium_id=make_consortium().id)
    with pytest.raises(OfferRefused):
        respond_to_offer(session, outsider, placement, accept=True, reason="no")
