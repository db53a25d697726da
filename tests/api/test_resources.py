"""The API's records: create, read, list with filters and pages, update with ETags; ids are read-only."""
from __future__ import annotations

from wbl_match.models import AuditEvent, Role, StudentProfile


def _student_body(school_id, **fields):
    body = {"external_id": "1234567890", "school_id": school_id, "first_name": "Ana", "last_name": "Ruiz",
            "grade": 11, "home_zip": "93291", "home_lat": 36.33, "home_lon": -119.29, "travel_mode": "car",
            "max_km": 15.0, "sectors": ["health-science-medical-technology"],
            "availability": [{"day": "mon", "start": "15:00", "end": "18:00"}]}
    body.update(fields)
    return body


def test_a_student_can_be_created_read_listed_and_updated(client, bearer, make_school, session):
    headers = bearer()
    school = make_school()
    created = client.post("/api/v1/students/", json=_student_body(school.id), headers=headers)
    assert created.status_code == 201, created.get_json()
    student_id = created.get_json()["id"]
    read = client.get(f"/api/v1/students/{student_id}", headers=headers)
    assert read.status_code == 200
    assert read.get_json()["availability"] == [{"day": "mon", "start": "15:00", "end": "18:00"}]
    listed = client.get(f"/api/v1/students/?school_id={school.id}&grade=11", headers=headers)
    assert [s["id"] for s in listed.get_json()] == [student_id]
    assert listed.headers["X-Pagination"]
    updated = client.patch(f"/api/v1/students/{student_id}", json={"grade": 12},
                           headers={**headers, "If-Match": read.headers["ETag"]})
    assert updated.status_code == 200, updated.get_json()
    assert updated.get_json()["grade"] == 12
    actions = {e.action for e in session.query(AuditEvent)}
    assert {"student.created", "student.updated"} <= actions


def test_an_update_without_if_match_gets_428_and_with_a_stale_etag_412(client, bearer, make_school):
    headers = bearer(Role.ADMIN)
    school = make_school()
    etag = client.get(f"/api/v1/schools/{school.id}", headers=headers).headers["ETag"]
    assert client.patch(f"/api/v1/schools/{school.id}", json={"name": "A"}, headers=headers).status_code == 428
    first = client.patch(f"/api/v1/schools/{school.id}", json={"name": "A"}, headers={**headers, "If-Match": etag})
    assert first.status_code == 200
    second = client.patch(f"/api/v1/schools/{school.id}", json={"name": "B"}, headers={**headers, "If-Match": etag})
    assert second.status_code == 412
    assert second.get_json()["code"] == 412


def test_ids_and_server_set_fields_cannot_be_sent(client, bearer, make_school, session):
    school = make_school()
    response = client.post("/api/v1/students/", json=_student_body(school.id, id=999, created_at="2020-01-01T00:00:00"),
                           headers=bearer())
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"id", "created_at"}
    assert session.query(StudentProfile).count() == 0


def test_validation_errors_are_422_with_a_message_per_field(client, bearer, make_school):
    body = _student_body(make_school().id, grade=14, email="not-an-address")
    response = client.post("/api/v1/students/", json=body, headers=bearer())
    payload = response.get_json()
    assert response.status_code == 422
    assert set(payload) == {"code", "status", "message", "errors"}
    assert {"grade", "email"} <= set(payload["errors"]["json"])


def test_a_schedule_that_ends_before_it_starts_is_refused(client, bearer, make_school):
    body = _student_body(make_school().id, availability=[{"day": "mon", "start": "18:00", "end": "15:00"}])
    response = client.post("/api/v1/students/", json=body, headers=bearer())
    assert response.status_code == 422
    assert "availability" in response.get_json()["errors"]["json"]


def test_a_reference_to_another_consortiums_school_is_refused(client, bearer, make_consortium, make_school):
    other_school = make_school(consortium_id=make_consortium().id)
    response = client.post("/api/v1/students/", json=_student_body(other_school.id), headers=bearer())
    assert response.status_code == 422
    assert "school_id" in response.get_json()["errors"]["json"]


ERROR_KEYS = {"code", "status", "message", "errors"}


def test_a_method_the_url_does_not_accept_gets_405_with_allow_in_the_apis_error_shape(client, bearer, make_school):
    response = client.put(f"/api/v1/schools/{make_school().id}", json={}, headers=bearer())
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "PATCH", "DELETE"}
    assert response.get_json() == {"code": 405, "status": "Method Not Allowed",
                                   "message": "This URL does not accept that method.", "errors": {}}


def test_an_unknown_api_url_gets_404_in_the_apis_error_shape(client, bearer):
    response = client.get("/api/v1/nothing-here", headers=bearer())
    assert response.status_code == 404
    assert response.get_json() == {"code": 404, "status": "Not Found", "message": "Not found.", "errors": {}}


def test_every_api_error_has_the_same_keys(client, bearer, make_school, make_student, make_consortium):
    school = make_school()
    make_student(school_id=school.id)
    url = f"/api/v1/schools/{school.id}"
    admin = bearer(Role.ADMIN)
    etag = client.get(url, headers=admin).headers["ETag"]
    answers = {
        401: client.get(url),
        403: client.patch(url, json={}, headers={**bearer(Role.INTERMEDIARY), "If-Match": etag}),
        404: client.get(url, headers=bearer(consortium_id=make_consortium().id)),
        405: client.post(url, json={}, headers=admin),
        409: client.delete(url, headers={**admin, "If-Match": etag}),
        412: client.delete(url, headers={**admin, "If-Match": '"stale"'}),
        422: client.patch(url, json={"lat": 100}, headers={**admin, "If-Match": etag}),
        428: client.delete(url, headers=admin),
    }
    for status, response in answers.items():
        assert response.status_code == status, response.get_json()
        assert set(response.get_json()) == ERROR_KEYS, status
        assert response.get_json()["code"] == status


def test_slots_are_created_as_drafts_with_their_shifts(client, bearer, make_employer):
    body = {"employer_id": make_employer().id, "title": "Vet assistant", "sector_code": "agriculture-natural-resources",
            "capacity": 2, "site_lat": 36.3, "site_lon": -119.3,
            "shifts": [{"day": "tue", "start": "15:00", "end": "17:00"}]}
    response = client.post("/api/v1/slots/", json=body, headers=bearer())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status"] == "draft"
    assert response.get_json()["shifts"] == [{"day": "tue", "start": "15:00", "end": "17:00"}]


def test_an_employer_keeps_its_primary_contact(client, bearer):
    body = {"name": "Kaweah Clinic", "external_id": "EMP-1", "contact": {"name": "Lee Park", "email": "lee@example.org"}}
    response = client.post("/api/v1/employers/", json=body, headers=bearer())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["contact"]["name"] == "Lee Park"
    again = client.post("/api/v1/employers/", json=body, headers=bearer())
    assert again.status_code == 422
    assert "external_id" in again.get_json()["errors"]["json"]


def test_the_withdrawn_state_is_shown_read_only_and_students_filter_by_it(client, bearer, make_student, make_user,
                                                                        session):
    from wbl_match.services.students.withdrawals import withdraw_student

    headers = bearer()
    staying, leaving = make_student(), make_student()
    withdraw_student(session, make_user(Role.INTERMEDIARY), leaving, "left_school")
    read = client.get(f"/api/v1/students/{leaving.id}", headers=headers)
    body = read.get_json()
    assert (body["withdrawn"], body["withdrawal_reason"]) == (True, "left_school")
    assert body["withdrawn_at"]
    assert client.get(f"/api/v1/students/{staying.id}", headers=headers).get_json()["withdrawn"] is False
    assert [s["id"] for s in client.get("/api/v1/students/?withdrawn=true", headers=headers).get_json()] == [leaving.id]
    assert [s["id"] for s in client.get("/api/v1/students/?withdrawn=false", headers=headers).get_json()] == [staying.id]
    for field, value in (("withdrawn", False), ("withdrawn_at", None), ("withdrawal_reason", None)):
        answer = client.patch(f"/api/v1/students/{leaving.id}", json={field: value},
                              headers={**headers, "If-Match": read.headers["ETag"]})
        assert answer.status_code == 422, field
    session.expire_all()
    assert session.get(StudentProfile, leaving.id).withdrawn_at is not None


def test_a_students_guardian_e_mail_is_kept_and_a_malformed_one_refused(client, bearer, make_school, session):
    headers = bearer()
    school = make_school()
    created = client.post("/api/v1/students/", json=_student_body(school.id, guardian_email="r.ruiz@example.org",
                                                                   guardian_language="es"), headers=headers)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["guardian_email"] == "r.ruiz@example.org"
    assert session.get(StudentProfile, created.get_json()["id"]).guardian_email == "r.ruiz@example.org"
    refused = client.post("/api/v1/students/", json=_student_body(school.id, external_id="999",
                                                                   guardian_email="not an address"), headers=headers)
    assert refused.status_code == 422 and "guardian_email" in str(refused.get_json())
