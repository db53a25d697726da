"""The after-the-match API: a placement's checklist, hours, evaluations and its end, through the pages'
services, for staff tokens and for an employer's and a student's personal tokens (each sees only its own)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from wbl_match.models import AfterState, ApiToken, Role
from wbl_match.services.accounts.api_tokens import TokenError, create_personal_token, hash_token
from wbl_match.services.placements import lifecycle
from wbl_match.services.placements.lifecycle import progress_of
from tests.after_support import employer_user, make_accepted, make_ready, student_user, today  # noqa: F401

API = "/api/v1/placements"


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


@pytest.fixture
def personal(session):
    """``personal(user)``: headers with a personal token of ``user``."""

    def headers(user) -> dict[str, str]:
        _row, token = create_personal_token(session, user, "My app")
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def started(session, coordinator, make_accepted):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress, on=placement.slot.term_start)
    return placement


def _monday_last_week():
    day = today() - timedelta(days=7)
    return day - timedelta(days=day.weekday())


def test_staff_read_the_checklist_with_what_is_missing(client, bearer, make_accepted):
    placement = make_accepted()
    body = client.get(f"{API}/{placement.id}/checklist", headers=bearer()).get_json()
    assert body["state"] == "preparing" and body["placement_id"] == placement.id
    kinds = {item["kind"]: item for item in body["checklist"]}
    assert kinds["placement_agreement"]["done"] is False
    assert "the employer has not accepted the agreement" in kinds["placement_agreement"]["missing"]
    assert any(line.startswith("Training and placement agreement") for line in body["missing"])


def test_the_employer_marks_its_items_done_and_the_placement_becomes_ready(client, personal, session,
                                                                          coordinator, make_accepted):
    placement = make_accepted(date_of_birth=today().replace(year=today().year - 19))
    headers = personal(employer_user(placement))
    later = (today() + timedelta(days=365)).isoformat()
    assert client.post(f"{API}/{placement.id}/checklist/agreement", json={"signed_name": "Sam Supervisor"},
                       headers=headers).status_code == 200
    assert client.post(f"{API}/{placement.id}/checklist/insurance", json={"insurer": "Valley Mutual",
                                                                         "expires_on": later},
                       headers=headers).status_code == 200
    body = client.post(f"{API}/{placement.id}/checklist/orientation", json={"done_on": today().isoformat()},
                       headers=headers).get_json()
    assert body["state"] == "ready" and body["missing"] == []


def test_the_employer_may_not_record_the_work_permit_and_a_bad_date_names_its_field(client, personal,
                                                                                   make_accepted):
    placement = make_accepted()
    headers = personal(employer_user(placement))
    permit = {"statement_of_intent": True, "number": "WP-1", "max_daily_hours": "4", "max_weekly_hours": "20",
              "expires_on": "2030-01-01"}
    refused = client.post(f"{API}/{placement.id}/checklist/work-permit", json=permit, headers=headers)
    assert refused.status_code == 409 and "Only the coordinator" in refused.get_json()["message"]
    bad = client.post(f"{API}/{placement.id}/checklist/orientation", json={"done_on": "yesterday"}, headers=headers)
    assert bad.status_code == 422 and "done_on" in bad.get_json()["errors"]["json"]


def test_the_student_logs_a_day_and_the_employer_approves_the_week(client, personal, session, started):
    monday = _monday_last_week()
    student = personal(student_user(started))
    logged = client.post(f"{API}/{started.id}/hours", json={"work_date": monday.isoformat(), "hours": "2:30"},
                         headers=student)
    assert logged.status_code == 200, logged.get_json()
    body = logged.get_json()
    assert body["logged_minutes"] == 150 and body["approved_minutes"] == 0
    assert body["weeks"][0]["days"][0]["flags"] == ["beyond the slot's 2 hours on Mondays"]
    employer = personal(employer_user(started))
    approved = client.post(f"{API}/{started.id}/hours/weeks/{monday.isoformat()}/approval", headers=employer)
    assert approved.get_json() == {"monday": monday.isoformat(), "days": 1}
    assert client.get(f"{API}/{started.id}/hours", headers=student).get_json()["approved_minutes"] == 150


def test_bad_hours_and_a_week_without_hours_are_refused_with_the_services_words(client, personal, started):
    student = personal(student_user(started))
    bad = client.post(f"{API}/{started.id}/hours", json={"work_date": today().isoformat(), "hours": "lots"},
                      headers=student)
    assert bad.status_code == 422 and "hours" in bad.get_json()["errors"]["json"]
    empty = client.post(f"{API}/{started.id}/hours/weeks/{_monday_last_week().isoformat()}/approval",
                        headers=personal(employer_user(started)))
    assert empty.status_code == 409 and "no hours waiting" in empty.get_json()["message"]


def test_only_the_employer_approves_hours_and_submits_evaluations(client, personal, bearer, started):
    student = personal(student_user(started))
    monday = _monday_last_week().isoformat()
    assert client.post(f"{API}/{started.id}/hours/weeks/{monday}/approval", headers=student).status_code == 403
    assert client.post(f"{API}/{started.id}/evaluations/final", json={"overall": "3"},
                       headers=bearer()).status_code == 403


def test_the_student_sees_an_evaluation_only_once_the_employer_submitted_it(client, personal, started):
    student, employer = personal(student_user(started)), personal(employer_user(started))
    assert client.get(f"{API}/{started.id}/evaluations", headers=student).get_json()["evaluations"] == []
    seen = client.get(f"{API}/{started.id}/evaluations", headers=employer).get_json()
    assert [e["kind"] for e in seen["evaluations"]] == ["midpoint", "final"]
    missing = client.post(f"{API}/{started.id}/evaluations/final", json={"overall": "3"}, headers=employer)
    assert missing.status_code == 422 and "would_host_again" in missing.get_json()["errors"]["json"]
    answers = {"foundational": "3", "applied_workplace": "4", "self_management": "na", "overall": "3",
               "would_host_again": "yes"}
    assert client.post(f"{API}/{started.id}/evaluations/final", json=answers, headers=employer).status_code == 200
    shown = client.get(f"{API}/{started.id}/evaluations", headers=student).get_json()
    assert [(e["kind"], e["overall"], e["self_management"]) for e in shown["evaluations"]] == [("final", 3, None)]
    assert shown["would_host_again"] is None
    assert client.post(f"{API}/{started.id}/evaluations/yearly", json=answers, headers=employer).status_code == 404


def test_staff_complete_a_started_placement_and_end_another_early_with_its_reason(client, bearer, session,
                                                                                 started, make_accepted):
    done = client.post(f"{API}/{started.id}/completion", json={"outcome": "completed"}, headers=bearer())
    assert done.status_code == 200 and done.get_json()["state"] == "completed"
    other = make_accepted()
    no_reason = client.post(f"{API}/{other.id}/completion", json={"outcome": "ended_early"}, headers=bearer())
    assert no_reason.status_code == 409 and "Say why" in no_reason.get_json()["message"]
    ended = client.post(f"{API}/{other.id}/completion", json={"outcome": "ended_early", "reason": "Moved away"},
                        headers=bearer()).get_json()
    assert ended["state"] == "ended_early" and ended["end_reason"] == "Moved away"
    assert progress_of(session, other).state is AfterState.ENDED_EARLY
    again = client.post(f"{API}/{started.id}/completion", json={"outcome": "ended_early", "reason": "x"},
                        headers=bearer())
    assert again.status_code == 409


def test_a_students_token_sees_only_their_own_placement_and_an_employers_only_its_own(client, personal,
                                                                                      make_accepted):
    mine, theirs = make_accepted(), make_accepted()
    student, employer = personal(student_user(mine)), personal(employer_user(mine))
    for path in ("checklist", "hours", "evaluations"):
        assert client.get(f"{API}/{mine.id}/{path}", headers=student).status_code == 200
        assert client.get(f"{API}/{mine.id}/{path}", headers=employer).status_code == 200
        assert client.get(f"{API}/{theirs.id}/{path}", headers=student).status_code == 404
        assert client.get(f"{API}/{theirs.id}/{path}", headers=employer).status_code == 404
    posted = client.post(f"{API}/{theirs.id}/hours", json={"work_date": today().isoformat(), "hours": "1"},
                         headers=student)
    assert posted.status_code == 404
    assert client.post(f"{API}/{theirs.id}/checklist/agreement", json={"signed_name": "X"},
                       headers=employer).status_code == 404


def test_a_students_token_hides_the_end_reason(client, personal, bearer, make_accepted):
    placement = make_accepted()
    client.post(f"{API}/{placement.id}/completion", json={"outcome": "ended_early", "reason": "Family matter"},
                headers=bearer())
    body = client.get(f"{API}/{placement.id}/checklist", headers=personal(student_user(placement))).get_json()
    assert body["state"] == "ended_early" and body["end_reason"] is None


def test_a_personal_token_stops_working_when_its_user_is_deactivated(client, session, personal, make_accepted):
    placement = make_accepted()
    headers = personal(student_user(placement))
    assert client.get(f"{API}/{placement.id}/checklist", headers=headers).status_code == 200
    student_user(placement).is_active = False
    session.commit()
    assert client.get(f"{API}/{placement.id}/checklist", headers=headers).status_code == 401


def test_a_personal_token_is_only_for_an_employers_or_a_students_account(session, make_user):
    with pytest.raises(TokenError):
        create_personal_token(session, make_user(Role.INTERMEDIARY), "Mine")
    with pytest.raises(TokenError):
        create_personal_token(session, make_user(Role.STUDENT), "")


def test_the_database_refuses_a_student_token_without_its_user(session, consortium):
    from sqlalchemy.exc import IntegrityError

    session.add(ApiToken(consortium_id=consortium.id, name="x", role=Role.STUDENT, prefix="wbl_x",
                         token_hash=hash_token("orphan")))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_the_api_document_describes_every_after_the_match_operation(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, methods in {"/api/v1/placements/{placement_id}/checklist": {"get"},
                          "/api/v1/placements/{placement_id}/checklist/agreement": {"post"},
                          "/api/v1/placements/{placement_id}/checklist/insurance": {"post"},
                          "/api/v1/placements/{placement_id}/checklist/orientation": {"post"},
                          "/api/v1/placements/{placement_id}/checklist/work-permit": {"post"},
                          "/api/v1/placements/{placement_id}/hours": {"get", "post"},
                          "/api/v1/placements/{placement_id}/hours/weeks/{monday}/approval": {"post"},
                          "/api/v1/placements/{placement_id}/evaluations": {"get"},
                          "/api/v1/placements/{placement_id}/evaluations/{kind}": {"post"},
                          "/api/v1/placements/{placement_id}/completion": {"post"}}.items():
        assert methods <= set(paths[path]), path
