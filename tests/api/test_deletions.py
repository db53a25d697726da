"""DELETE through the API: the services' own rules, If-Match with the ETag, 204, an audit event per deletion,
409 with a clear message (and nothing deleted) while a record is still in use; students are never deleted."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import csrf_token_from
from wbl_match.models import (
    AuditEvent, Employer, EmployerContact, Invitation, MatchRound, Placement, PlacementStatus, Role, RoundState,
    School, Slot, SlotShift, StudentProfile,
)
from wbl_match.models.base import utcnow

MODELS = {"slots": Slot, "schools": School, "employers": Employer}


def _delete(client, resource, record_id, headers):
    """DELETE with If-Match set to the ETag of a fresh GET, as a client would."""
    etag = client.get(f"/api/v1/{resource}/{record_id}", headers=headers).headers["ETag"]
    return client.delete(f"/api/v1/{resource}/{record_id}", headers={**headers, "If-Match": etag})


def _exists(session, model, record_id) -> bool:
    session.expire_all()
    return session.get(model, record_id) is not None


def _audit(session, action):
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


def _round(session, consortium, **fields) -> MatchRound:
    match_round = MatchRound(consortium_id=consortium.id, name="Summer 2027", **fields)
    session.add(match_round)
    session.commit()
    return match_round


# Slots: the rule of the employer's own pages (services.slots.delete_slot).

def test_a_slot_no_round_has_used_is_deleted_with_its_shifts_and_an_audit_event(client, bearer, make_slot, session):
    slot_id = make_slot(title="Vet assistant").id
    response = _delete(client, "slots", slot_id, bearer())
    assert response.status_code == 204
    assert response.data == b""
    assert not _exists(session, Slot, slot_id)
    assert session.scalar(sa.select(sa.func.count(SlotShift.id))) == 0
    [event] = _audit(session, "slot.deleted")
    assert event.entity_id == slot_id and event.actor_id is None
    assert event.details["title"] == "Vet assistant" and event.details["api_token"]


def test_a_slot_a_round_includes_is_kept_with_a_409_that_says_to_close_it(client, bearer, make_slot, session,
                                                                         consortium):
    slot = make_slot()
    _round(session, consortium, slots=[slot])
    response = _delete(client, "slots", slot.id, bearer())
    assert response.status_code == 409
    assert response.get_json()["message"] == \
        "This slot is part of a match round, so it cannot be deleted. Close it instead."
    assert _exists(session, Slot, slot.id)
    assert _audit(session, "slot.deleted") == []


def test_a_slot_a_round_placed_a_student_in_is_kept(client, bearer, make_slot, make_student, session, consortium):
    slot = make_slot()
    match_round = _round(session, consortium, state=RoundState.PUBLISHED)
    session.add(Placement(round_id=match_round.id, student_id=make_student().id, slot_id=slot.id,
                          status=PlacementStatus.ACCEPTED))
    session.commit()
    assert _delete(client, "slots", slot.id, bearer()).status_code == 409
    assert _exists(session, Slot, slot.id)


def test_the_api_refuses_a_slot_with_the_same_message_as_the_employers_page(app, client, bearer, signed_in,
                                                                           make_slot, session, consortium):
    employer_user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=employer_user.employer_id)
    _round(session, consortium, slots=[slot])
    api_refusal = _delete(client, "slots", slot.id, bearer()).get_json()["message"]
    token = csrf_token_from(client.get("/employer/").get_data(as_text=True))
    page = client.post(f"/employer/slots/{slot.id}/delete", data={"csrf_token": token}, follow_redirects=True)
    assert api_refusal in page.get_data(as_text=True)
    assert _exists(session, Slot, slot.id)


# Schools: administrators only, and only while no student or round refers to one.

def test_an_administrator_deletes_a_school_nobody_refers_to(client, bearer, make_school, session):
    school = make_school()
    school_id, cds_code = school.id, school.cds_code
    assert _delete(client, "schools", school_id, bearer(Role.ADMIN)).status_code == 204
    assert not _exists(session, School, school_id)
    [event] = _audit(session, "school.deleted")
    assert event.entity_id == school_id and event.details["cds_code"] == cds_code


def test_an_intermediary_token_gets_403_when_deleting_a_school(client, bearer, make_school, session):
    school = make_school()
    assert _delete(client, "schools", school.id, bearer(Role.INTERMEDIARY)).status_code == 403
    assert _exists(session, School, school.id)


def test_a_school_with_students_is_kept_with_a_409_that_counts_them(client, bearer, make_school, make_student,
                                                                   session):
    school = make_school()
    make_student(school_id=school.id)
    response = _delete(client, "schools", school.id, bearer(Role.ADMIN))
    assert response.status_code == 409
    assert response.get_json()["message"] == "1 student belongs to this school, so it cannot be deleted."
    assert _exists(session, School, school.id)
    assert _audit(session, "school.deleted") == []


def test_a_school_a_round_includes_is_kept(client, bearer, make_school, session, consortium):
    school = make_school()
    _round(session, consortium, schools=[school])
    response = _delete(client, "schools", school.id, bearer(Role.ADMIN))
    assert response.status_code == 409
    assert "match round" in response.get_json()["message"]
    assert _exists(session, School, school.id)


# Employers: only without slots, accounts or an open invitation; their contact people go with them.

def test_an_employer_without_slots_is_deleted_with_its_contact_people(client, bearer, make_employer, session):
    employer = make_employer()
    employer.contacts = [EmployerContact(name="Lee Park", email="lee@example.org", is_primary=True)]
    session.commit()
    employer_id = employer.id
    assert _delete(client, "employers", employer_id, bearer()).status_code == 204
    assert not _exists(session, Employer, employer_id)
    assert session.scalar(sa.select(sa.func.count(EmployerContact.id))) == 0
    [event] = _audit(session, "employer.deleted")
    assert event.entity_id == employer_id and event.details["contacts"] == 1


def test_an_employer_with_a_slot_is_kept_with_a_409_that_says_to_delete_the_slots_first(client, bearer,
                                                                                       make_slot, session):
    slot = make_slot()
    response = _delete(client, "employers", slot.employer_id, bearer())
    assert response.status_code == 409
    assert response.get_json()["message"].startswith("This employer still has 1 slot, so it cannot be deleted. "
                                                     "Delete its slots first")
    assert _exists(session, Employer, slot.employer_id)


def test_an_employer_whose_people_sign_in_is_kept(client, bearer, make_user, session):
    employer_id = make_user(Role.EMPLOYER).employer_id
    response = _delete(client, "employers", employer_id, bearer())
    assert response.status_code == 409
    assert response.get_json()["message"] == "1 person signs in for this employer, so it cannot be deleted."
    assert _exists(session, Employer, employer_id)


def _invite(session, employer, expires_in: timedelta) -> Invitation:
    invitation = Invitation(consortium_id=employer.consortium_id, email="new@clinic.example.org", role=Role.EMPLOYER,
                            employer_id=employer.id, token_hash=f"{employer.id:064d}",
                            expires_at=utcnow() + expires_in)
    session.add(invitation)
    session.commit()
    return invitation


def test_an_employer_with_an_open_invitation_is_kept(client, bearer, make_employer, session):
    employer = make_employer()
    _invite(session, employer, timedelta(days=3))
    response = _delete(client, "employers", employer.id, bearer())
    assert response.status_code == 409
    assert "invited" in response.get_json()["message"]
    assert _exists(session, Employer, employer.id)


def test_an_employers_expired_invitations_are_deleted_with_it(client, bearer, make_employer, session):
    employer = make_employer()
    _invite(session, employer, -timedelta(days=1))
    employer_id = employer.id
    assert _delete(client, "employers", employer_id, bearer()).status_code == 204
    assert not _exists(session, Employer, employer_id)
    assert session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


# What every DELETE shares: If-Match, tenancy, tokens.

@pytest.fixture
def unused_records(make_slot, make_school, make_employer):
    """One record of each deletable kind that nothing refers to, by resource."""
    return {"slots": make_slot().id, "schools": make_school().id, "employers": make_employer().id}


@pytest.mark.parametrize("resource", sorted(MODELS))
def test_a_delete_without_if_match_gets_428_and_nothing_is_deleted(client, bearer, unused_records, session,
                                                                   resource):
    response = client.delete(f"/api/v1/{resource}/{unused_records[resource]}", headers=bearer(Role.ADMIN))
    assert response.status_code == 428
    assert _exists(session, MODELS[resource], unused_records[resource])


@pytest.mark.parametrize("resource", sorted(MODELS))
def test_a_delete_with_a_stale_etag_gets_412_and_nothing_is_deleted(client, bearer, unused_records, session,
                                                                    resource):
    headers, record_id = bearer(Role.ADMIN), unused_records[resource]
    stale = client.get(f"/api/v1/{resource}/{record_id}", headers=headers).headers["ETag"]
    changed = client.patch(f"/api/v1/{resource}/{record_id}", json={"name" if resource != "slots" else "title": "New"},
                           headers={**headers, "If-Match": stale})
    assert changed.status_code == 200, changed.get_json()
    response = client.delete(f"/api/v1/{resource}/{record_id}", headers={**headers, "If-Match": stale})
    assert response.status_code == 412
    assert _exists(session, MODELS[resource], record_id)


@pytest.mark.parametrize("resource", sorted(MODELS))
def test_a_token_of_another_consortium_gets_404_and_nothing_is_deleted(client, bearer, make_consortium,
                                                                       unused_records, session, resource):
    record_id = unused_records[resource]
    etag = client.get(f"/api/v1/{resource}/{record_id}", headers=bearer(Role.ADMIN)).headers["ETag"]
    other = bearer(Role.ADMIN, consortium_id=make_consortium().id)
    response = client.delete(f"/api/v1/{resource}/{record_id}", headers={**other, "If-Match": etag})
    assert response.status_code == 404
    assert _exists(session, MODELS[resource], record_id)


@pytest.mark.parametrize("resource", sorted(MODELS))
def test_a_revoked_token_gets_401_and_nothing_is_deleted(client, bearer, unused_records, session, resource):
    record_id = unused_records[resource]
    etag = client.get(f"/api/v1/{resource}/{record_id}", headers=bearer(Role.ADMIN)).headers["ETag"]
    revoked = bearer(Role.ADMIN, revoked_at=utcnow())
    response = client.delete(f"/api/v1/{resource}/{record_id}", headers={**revoked, "If-Match": etag})
    assert response.status_code == 401
    assert _exists(session, MODELS[resource], record_id)


def test_students_cannot_be_deleted_through_the_api(client, bearer, make_student, session):
    student = make_student()
    response = client.delete(f"/api/v1/students/{student.id}", headers={**bearer(Role.ADMIN), "If-Match": "*"})
    assert response.status_code == 405
    assert "DELETE" not in response.headers["Allow"]
    assert _exists(session, StudentProfile, student.id)


def test_the_openapi_document_describes_each_delete_with_if_match_204_and_409(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for resource in MODELS:
        operation = paths[f"/api/v1/{resource}/{{{resource[:-1]}_id}}"]["delete"]
        assert {"204", "409", "412", "428"} <= set(operation["responses"])
        assert {"$ref": "#/components/parameters/IF_MATCH"} in operation["parameters"]
    assert "delete" not in paths["/api/v1/students/{student_id}"]
