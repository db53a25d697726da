"""Rounds through the API, on the rounds' own services: create, lifecycle, solve, result; placements."""
from __future__ import annotations

from wbl_match.models import MatchRound, Placement, PlacementStatus, RoundState


def test_a_round_is_created_opened_closed_solved_and_its_result_read(client, bearer, make_school, make_slot,
                                                                     make_student):
    headers = bearer()
    school = make_school()
    make_student(school_id=school.id)
    body = {"name": "Summer", "school_ids": [school.id], "slot_ids": [make_slot().id]}
    created = client.post("/api/v1/rounds/", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    round_id = created.get_json()["id"]
    assert created.get_json()["state"] == "draft"
    assert client.post(f"/api/v1/rounds/{round_id}/solve", headers=headers).status_code == 409
    for state in ("open", "closed"):
        moved = client.post(f"/api/v1/rounds/{round_id}/state", json={"state": state}, headers=headers)
        assert moved.status_code == 200, moved.get_json()
    solve = client.post(f"/api/v1/rounds/{round_id}/solve", headers=headers)
    assert solve.status_code == 202, solve.get_json()
    result = client.get(f"/api/v1/rounds/{round_id}/result", headers=headers).get_json()
    assert result["status"] == "succeeded"
    assert client.get(f"/api/v1/rounds/{round_id}", headers=headers).get_json()["state"] == "solved"
    placements = client.get(f"/api/v1/placements/?round_id={round_id}", headers=headers).get_json()
    assert [p["status"] for p in placements] == ["proposed"]


def test_a_move_the_lifecycle_does_not_allow_is_a_409_and_a_bad_setting_a_422(client, bearer):
    headers = bearer()
    round_id = client.post("/api/v1/rounds/", json={"name": "R"}, headers=headers).get_json()["id"]
    wrong = client.post(f"/api/v1/rounds/{round_id}/state", json={"state": "closed"}, headers=headers)
    assert wrong.status_code == 409
    assert wrong.get_json()["message"]
    etag = client.get(f"/api/v1/rounds/{round_id}", headers=headers).headers["ETag"]
    bad = client.patch(f"/api/v1/rounds/{round_id}", json={"mechanism": "stable", "employers_rank": False},
                       headers={**headers, "If-Match": etag})
    assert bad.status_code == 422
    assert "employers_rank" in bad.get_json()["errors"]["json"]


def test_staff_record_a_students_answer_with_a_reason(client, bearer, session, consortium, make_student, make_slot):
    match_round = MatchRound(consortium_id=consortium.id, name="R", state=RoundState.PUBLISHED)
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=make_student().id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED)
    session.add(placement)
    session.commit()
    headers = bearer()
    listed = client.get(f"/api/v1/placements/?round_id={match_round.id}&status=offered", headers=headers)
    assert [p["id"] for p in listed.get_json()] == [placement.id]
    no_reason = client.post(f"/api/v1/placements/{placement.id}/response", json={"accept": True}, headers=headers)
    assert no_reason.status_code == 422
    answer = client.post(f"/api/v1/placements/{placement.id}/response",
                         json={"accept": True, "reason": "Told me by phone"}, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["status"] == "accepted"
    again = client.post(f"/api/v1/placements/{placement.id}/response",
                        json={"accept": False, "reason": "Changed mind"}, headers=headers)
    assert again.status_code == 409
