"""A round's lifecycle through the services: create, open, close, solve, publish, and forbidden moves."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from wbl_match.matching import load_round
from wbl_match.models import (
    AuditEvent, Mechanism, OutboxMessage, Placement, PlacementStatus, Role, RoundState, SolveRun, SolveStatus,
)
from wbl_match.services.rounds import (
    RoundError, RoundSettings, change_state, create_round, publish_round, request_solve, run_round, update_round,
)
from tests.services.rounds_support import build_round


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


@pytest.fixture
def small_round(session, consortium, make_school, make_student, make_slot):
    return build_round(session, consortium, make_school, make_student, make_slot)


def _actions(session):
    return [e.action for e in session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]


def test_an_intermediary_creates_a_draft_round_with_its_settings(session, coordinator, make_school, make_slot):
    school, slot = make_school(), make_slot()
    match_round = create_round(session, coordinator, RoundSettings(
        name=" Summer ", school_ids=[school.id], slot_ids=[slot.id], mechanism=Mechanism.OPTIMAL, max_ranked=3))
    assert match_round.state is RoundState.DRAFT and match_round.name == "Summer"
    assert match_round.schools == [school] and match_round.slots == [slot] and match_round.max_ranked == 3
    assert _actions(session) == ["round.created"]


@pytest.mark.parametrize("settings, field", [
    (RoundSettings(name=""), "name"),
    (RoundSettings(name="x", mechanism=Mechanism.STABLE, employers_rank=False), "employers_rank"),
    (RoundSettings(name="x", max_ranked=0), "max_ranked"),
])
def test_bad_round_settings_are_refused_by_field_and_nothing_is_written(session, coordinator, settings, field):
    with pytest.raises(RoundError) as error:
        create_round(session, coordinator, settings)
    assert error.value.field == field
    assert _actions(session) == []


def test_a_round_cannot_take_schools_of_another_consortium(session, coordinator, make_consortium, make_school):
    other = make_school(consortium_id=make_consortium().id)
    with pytest.raises(RoundError) as error:
        create_round(session, coordinator, RoundSettings(name="x", school_ids=[other.id]))
    assert error.value.field == "school_ids"


def test_a_round_opens_closes_and_every_move_is_audited(session, coordinator, small_round):
    match_round = small_round[0]
    match_round.state = RoundState.DRAFT
    session.commit()
    change_state(session, coordinator, match_round.id, RoundState.OPEN)
    change_state(session, coordinator, match_round.id, RoundState.CLOSED)
    assert match_round.state is RoundState.CLOSED
    assert _actions(session) == ["round.open", "round.closed"]


@pytest.mark.parametrize("state, target", [
    (RoundState.DRAFT, RoundState.CLOSED), (RoundState.PUBLISHED, RoundState.OPEN),
    (RoundState.ARCHIVED, RoundState.OPEN), (RoundState.SOLVING, RoundState.CLOSED),
])
def test_forbidden_moves_of_the_state_machine_are_refused_with_a_message(session, coordinator, small_round,
                                                                         state, target):
    match_round = small_round[0]
    match_round.state = state
    session.commit()
    with pytest.raises(RoundError, match=f"An? {state.value} round cannot be"):
        change_state(session, coordinator, match_round.id, target)
    assert session.get(type(match_round), match_round.id).state is state


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.OPEN, RoundState.ARCHIVED])
def test_a_round_cannot_be_solved_before_it_is_closed(session, coordinator, small_round, state):
    match_round = small_round[0]
    match_round.state = state
    session.commit()
    with pytest.raises(RoundError, match="cannot be solved"):
        request_solve(session, coordinator, match_round.id)
    assert session.scalar(sa.select(sa.func.count(SolveRun.id))) == 0


def test_a_round_cannot_be_published_before_it_is_solved(session, coordinator, small_round):
    with pytest.raises(RoundError, match="cannot be published until it is solved"):
        publish_round(session, coordinator, small_round[0].id)


def test_a_published_round_cannot_be_edited_or_solved_again_except_by_rematch(session, coordinator, small_round):
    match_round = small_round[0]
    match_round.state = RoundState.PUBLISHED
    session.commit()
    with pytest.raises(RoundError, match="cannot be changed"):
        update_round(session, coordinator, match_round.id, RoundSettings(name="New"))
    with pytest.raises(RoundError, match="use re-match"):
        request_solve(session, coordinator, match_round.id)


def test_a_closed_round_is_solved_and_stores_round_file_result_and_engine_version(session, coordinator,
                                                                                  small_round):
    match_round, students, slots = small_round
    run = run_round(session, request_solve(session, coordinator, match_round.id).id)
    assert run.status is SolveStatus.SUCCEEDED and match_round.state is RoundState.SOLVED
    assert run.round_file["format"] == "wbl-match-round/1" and run.result["format"] == "wbl-match-result/1"
    assert run.engine_version and run.result["stats"]["service_seconds"]["solve"] >= 0
    assert len(load_round(run.round_file).students) == 4  # the stored round file is a valid one
    placements = session.scalars(sa.select(Placement)).all()
    assert len(placements) == 2 and {p.status for p in placements} == {PlacementStatus.PROPOSED}
    assert len(run.result["unplaced"]) == 2
    assert "round.solve_requested" in _actions(session) and "round.solved" in _actions(session)


def test_solving_again_replaces_the_proposals(session, coordinator, small_round):
    match_round = small_round[0]
    run_round(session, request_solve(session, coordinator, match_round.id).id)
    second = run_round(session, request_solve(session, coordinator, match_round.id).id)
    placements = session.scalars(sa.select(Placement)).all()
    assert len(placements) == 2 and {p.solve_id for p in placements} == {second.id}


def test_publishing_makes_offers_with_a_deadline_and_fills_the_outbox(session, coordinator, small_round):
    match_round = small_round[0]
    run_round(session, request_solve(session, coordinator, match_round.id).id)
    assert publish_round(session, coordinator, match_round.id).offers == 2
    placements = session.scalars(sa.select(Placement)).all()
    assert {p.status for p in placements} == {PlacementStatus.OFFERED}
    assert all(p.expires_at and p.offered_at for p in placements)
    assert match_round.state is RoundState.PUBLISHED
    with pytest.raises(RoundError, match="already published"):
        publish_round(session, coordinator, match_round.id)
    messages = session.scalars(sa.select(OutboxMessage)).all()
    assert len(messages) == 4  # two students, two employers
    assert sum("@students." in m.to_address for m in messages) == 2
    assert "round.published" in _actions(session)


def test_a_round_without_open_slots_cannot_be_solved(session, coordinator, small_round):
    match_round = small_round[0]
    match_round.slots = []
    session.commit()
    with pytest.raises(RoundError, match="no open slots"):
        request_solve(session, coordinator, match_round.id)
