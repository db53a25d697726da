"""Certification names through the API: the rule the portals and bulk import share, and the same normal form."""
from __future__ import annotations


def _student_body(school_id, **fields):
    body = {"external_id": "1234567890", "school_id": school_id, "first_name": "Ana", "last_name": "Ruiz",
            "grade": 11, "home_zip": "93291", "home_lat": 36.33, "home_lon": -119.29, "travel_mode": "car",
            "max_km": 15.0, "sectors": ["health-science-medical-technology"]}
    body.update(fields)
    return body


def test_certifications_are_stored_in_the_normal_form(client, bearer, make_school, make_employer):
    body = _student_body(make_school().id, certifications=[" First  Aid ", "Lifeguard (Red Cross)", "CPR"])
    response = client.post("/api/v1/students/", json=body, headers=bearer())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["certifications"] == ["Lifeguard (Red Cross)", "cpr", "first-aid"]
    slot = {"employer_id": make_employer().id, "title": "Pool helper", "sector_code": "public-services",
            "capacity": 1, "is_remote": True, "required_certifications": ["lifeguard (Red Cross)", "cpr"]}
    response = client.post("/api/v1/slots/", json=slot, headers=bearer())
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["required_certifications"] == ["cpr", "lifeguard (Red Cross)"]


def test_bad_certification_names_get_422_with_the_shared_messages(client, bearer, make_school):
    body = _student_body(make_school().id, certifications=["cpr", "CPR, AED", "x" * 41, ""])
    response = client.post("/api/v1/students/", json=body, headers=bearer())
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]["certifications"]
    assert set(errors) == {"1", "2", "3"}
    assert "cannot contain “,”" in errors["1"][0] and "at most 40 characters" in errors["2"][0]
    assert "cannot be blank" in errors["3"][0]
