"""No input reaches a server error on the site: non-finite and absurd numbers and NUL bytes in forms and searches
get a clear 4xx naming the field (SQLite and PostgreSQL); the API's own cases are in tests/api."""
from __future__ import annotations

import pytest

from wbl_match.models import Role, Slot
from tests.conftest import csrf_token_from
from tests.web.test_employer_slots import slot_form


@pytest.mark.parametrize("wage", ["sNaN", "NaN", "Infinity", "-Infinity", "1e999999", "1e-999999"])
def test_a_non_finite_or_absurd_wage_in_the_slot_form_is_refused_beside_the_field(client, signed_in, session, wage):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client, is_paid="y", hourly_wage=wage))
    assert response.status_code == 422
    assert "Enter a number like 17.50" in response.get_data(as_text=True)
    assert session.query(Slot).count() == 0


@pytest.mark.parametrize("field", ["site_lat", "site_lon"])
def test_an_infinite_coordinate_in_the_slot_form_is_refused_beside_the_field(client, signed_in, field):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client, **{field: "inf", "site_zip": ""}))
    assert response.status_code == 422
    assert "Enter a number like 17.50" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/intermediary/students?q=Ana%00", "/intermediary/employers?q=%00Farm"])
def test_a_nul_byte_in_a_search_is_refused_with_a_page_naming_the_field(client, signed_in, url):
    signed_in(Role.INTERMEDIARY)
    response = client.get(url)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The field &#39;q&#39;" in page and "NUL character" in page


def test_a_nul_byte_in_a_form_text_field_is_refused_naming_the_field(client, signed_in, session):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client, description="Greet\x00visitors"))
    assert response.status_code == 422
    assert "The field &#39;description&#39;" in response.get_data(as_text=True)
    assert session.query(Slot).count() == 0


def test_a_nul_byte_in_the_sign_in_form_is_refused_not_a_server_error(client):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "email": "a\x00@example.org", "password": "x"})
    assert response.status_code == 422
