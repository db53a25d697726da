"""No input reaches a server error on the API: JSON nested deep, huge and non-finite numbers and NUL bytes
get a 422 that names the field (SQLite and PostgreSQL); the site's forms and searches are in tests/web."""
from __future__ import annotations

import pytest

from wbl_match.input_guard import MAX_JSON_DEPTH, json_depth
from wbl_match.models import Slot


def _slot_body(make_employer, **changes) -> dict:
    body = {"employer_id": make_employer().id, "title": "Front desk", "sector_code": "health-science-medical-technology",
            "capacity": 2, "site_zip": "93291", "site_lat": 36.33, "site_lon": -119.29, "shifts": [{"day": "mon", "start": "09:00", "end": "12:00"}]}
    body.update(changes)
    return body


def _errors(response) -> dict:
    return response.get_json()["errors"]["json"]


def test_json_nested_100000_deep_is_refused_with_422_not_a_server_error(client, bearer):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/v1/slots/", data=body, content_type="application/json", headers=bearer())
    assert response.status_code == 422
    assert "nested more than" in _errors(response)["json"][0]


def test_the_depth_count_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "b": [1, {"c": "}"}]}', 64) == 3
    assert json_depth(b"[" * (MAX_JSON_DEPTH + 5), MAX_JSON_DEPTH) == MAX_JSON_DEPTH + 1


def test_a_5001_digit_integer_is_refused_naming_its_field(client, bearer, make_employer):
    body = '{"title": "x", "capacity": ' + "9" * 5001 + "}"
    response = client.post("/api/v1/slots/", data=body, content_type="application/json", headers=bearer())
    assert response.status_code == 422
    assert "5,001 digits" in _errors(response)["capacity"][0]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999999"])
def test_a_non_finite_number_in_the_api_is_refused_naming_its_field(client, bearer, number):
    body = '{"title": "x", "capacity": 2, "hourly_wage_cents": ' + number + "}"
    response = client.post("/api/v1/slots/", data=body, content_type="application/json", headers=bearer())
    assert response.status_code == 422
    assert list(_errors(response)) == ["hourly_wage_cents"]


def test_a_nul_byte_in_an_api_text_field_is_refused_naming_the_field(client, bearer, make_employer, session):
    response = client.post("/api/v1/slots/", json=_slot_body(make_employer, title="Front\x00desk"), headers=bearer())
    assert response.status_code == 422
    assert "NUL" in _errors(response)["title"][0]
    assert session.query(Slot).count() == 0


def test_a_nul_byte_nested_in_an_api_body_names_its_path(client, bearer, make_employer):
    body = _slot_body(make_employer, shifts=[{"day": "mon", "start": "09:00\x00", "end": "12:00"}])
    response = client.post("/api/v1/slots/", json=body, headers=bearer())
    assert response.status_code == 422
    assert list(_errors(response)) == ["shifts.0.start"]


def test_a_nul_byte_in_an_api_query_is_refused(client, bearer):
    response = client.get("/api/v1/students/?q=a%00b", headers=bearer())
    assert response.status_code == 422
    assert "q" in _errors(response)


def test_a_valid_api_body_still_passes_the_guard(client, bearer, make_employer):
    response = client.post("/api/v1/slots/", json=_slot_body(make_employer), headers=bearer())
    assert response.status_code == 201, response.get_json()
