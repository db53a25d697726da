"""Rounds through the API: create, lifecycle, result; placements: list and respond."""
from __future__ import annotations

from wbl_match.models import MatchRound, Placement, PlacementStatus


def test_a_round_is_created_in_draft_and_moves_through_allowed_states_only(client, bearer, make_school, make_slot):
    headers = bearer()
    body = {"name": "Summer", "school_ids": [make_school().id], "slot_ids": [make_slot().id]}
    created = client.post("/api/v1/rounds/", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    round_id = created.get_json()["id"]
    assert created.get_json()["state"] == "draft"
    opened = client.post(f"/api/v1/rounds/{round_id}/state", json={"state": "open"}, headers=headers)
    assert opened.status_code == 200
    assert opened.get_json()["state"] == "open"
    wrong = client.post(f"/api/v1/rounds/{round_id}/state", json={"state": "published"}, headers=headers)
    assert wrong.status_code == 422
    assert "state" in wrong.get_json()["errors"]["json"]
    assert client.get(f"/api/v1/rounds/{round_id}/result", headers=headers).status_code == 404


def test_an_offered_placement_can_be_answered_once(client, bearer, session, consortium, make_student, make_slot):
    match_round = MatchRound(consortium_id=consortium.id, name="R")
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=make_student().id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED)
    session.add(placement)
    session.commit()
    headers = bearer()
    listed = client.get(f"/api/v1/placements/?round_id={match_round.id}&status=offered", headers=headers)
    assert [p["id"] for p in listed.get_json()] == [placement.id]
    answer = client.post(f"/api/v1/placements/{placement.id}/response", json={"accept": True}, headers=headers)
    assert answer.status_code == 200
    assert answer.get_json()["status"] == "accepted"
    again = client.post(f"/api/v1/placements/{placement.id}/response", json={"accept": False}, headers=headers)
    assert again.status_code == 422
