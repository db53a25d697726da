"""The round's lifecycle through the API: the same transitions as the web, the same refusals, the same error shape."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.models import MatchRound, Placement, RoundState, SolveRun, SolveStatus
from tests.services.rounds_support import build_round


def _placements(client, headers, round_id, status=None):
    url = f"/api/v1/placements/?round_id={round_id}" + (f"&status={status}" if status else "")
    return client.get(url, headers=headers).get_json()


def _answer(client, headers, placement_id, accept):
    return client.post(f"/api/v1/placements/{placement_id}/response",
                       json={"accept": accept, "reason": "Told us by phone"}, headers=headers)


def test_the_sequence_that_once_broke_a_round_works_through_the_api_and_the_acceptance_survives(
        client, bearer, session, consortium, make_school, make_student, make_slot):
    match_round, _students, _slots = build_round(session, consortium, make_school, make_student, make_slot,
                                                 students=3, slots=4, capacity=1)
    headers, base = bearer(), f"/api/v1/rounds/{match_round.id}"
    assert client.post(f"{base}/solve", headers=headers).status_code == 202
    assert client.post(f"{base}/publish", headers=headers).get_json()["offers"] == 3
    first = _placements(client, headers, match_round.id, "offered")[0]
    assert _answer(client, headers, first["id"], False).status_code == 200
    assert client.post(f"{base}/rematch", headers=headers).status_code == 202
    assert client.post(f"{base}/publish", headers=headers).status_code == 200
    new_offer = next(p for p in _placements(client, headers, match_round.id, "offered")
                     if p["student_id"] == first["student_id"])
    assert _answer(client, headers, new_offer["id"], True).status_code == 200
    assert client.post(f"{base}/rematch", headers=headers).status_code == 202

    again = client.post(f"{base}/solve", headers=headers)

    assert again.status_code == 202 and again.get_json()["status"] == "succeeded", again.get_json()
    accepted = _placements(client, headers, match_round.id, "accepted")
    assert [(p["id"], p["slot_id"]) for p in accepted] == [(new_offer["id"], new_offer["slot_id"])]
    assert client.get(base, headers=headers).get_json()["state"] == "solved"
    assert client.post(f"{base}/publish", headers=headers).status_code == 200
    assert _placements(client, headers, match_round.id, "accepted")[0]["id"] == new_offer["id"]


def test_cancel_discard_pins_and_exclusions_go_through_the_rounds_services(
        client, bearer, session, consortium, make_school, make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot)
    headers, base = bearer(), f"/api/v1/rounds/{match_round.id}"
    nothing = client.post(f"{base}/cancel-solve", headers=headers)
    assert nothing.status_code == 409 and nothing.get_json()["message"] == "No solve of this round is running."
    client.post(f"{base}/solve", headers=headers)
    pin = client.post(f"{base}/pins", json={"student_id": students[0].id, "slot_id": slots[1].id}, headers=headers)
    assert pin.status_code == 201 and pin.get_json()["pinned"] is True, pin.get_json()
    bad = client.post(f"{base}/pins", json={"student_id": students[0].id, "slot_id": 999999}, headers=headers)
    assert bad.status_code == 422 and "slot_id" in bad.get_json()["errors"]["json"]
    assert client.delete(f"{base}/pins/{pin.get_json()['id']}", headers=headers).status_code == 204
    excluded = client.post(f"{base}/exclusions", json={"student_id": students[1].id, "slot_id": slots[0].id,
                                                       "reason": "Known conflict"}, headers=headers)
    assert excluded.status_code == 201, excluded.get_json()
    twice = client.post(f"{base}/exclusions", json={"student_id": students[1].id, "slot_id": slots[0].id},
                        headers=headers)
    assert twice.status_code == 422
    assert client.delete(f"{base}/exclusions/{students[1].id}/{slots[0].id}", headers=headers).status_code == 204
    discarded = client.post(f"{base}/discard", headers=headers)
    assert discarded.status_code == 200 and discarded.get_json()["state"] == "closed"
    assert _placements(client, headers, match_round.id) == []
    again = client.post(f"{base}/discard", headers=headers)
    assert again.status_code == 409 and again.get_json()["message"] == "A closed round cannot be discarded."


def test_a_queued_solve_is_cancelled_through_the_api_and_the_round_is_as_before(
        app, client, bearer, session, consortium, make_school, make_student, make_slot):
    from wbl_match.services.rounds import request_solve

    match_round, _students, _slots = build_round(session, consortium, make_school, make_student, make_slot)
    request_solve(session, None, match_round.id)  # queued, no worker has taken it
    headers, base = bearer(), f"/api/v1/rounds/{match_round.id}"
    assert client.get(base, headers=headers).get_json()["state"] == "solving"

    cancelled = client.post(f"{base}/cancel-solve", headers=headers)

    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "failed"
    assert cancelled.get_json()["error"].startswith("Cancelled by")
    assert client.get(base, headers=headers).get_json()["state"] == "closed"
    assert session.scalar(sa.select(sa.func.count(Placement.id))) == 0


def test_the_openapi_document_lists_every_lifecycle_operation(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/rounds/{round_id}/solve", "/rounds/{round_id}/rematch", "/rounds/{round_id}/cancel-solve",
                 "/rounds/{round_id}/discard", "/rounds/{round_id}/publish", "/rounds/{round_id}/pins",
                 "/rounds/{round_id}/exclusions", "/rounds/{round_id}/state", "/placements/{placement_id}/response"):
        assert any(key.endswith(path) for key in paths), path
