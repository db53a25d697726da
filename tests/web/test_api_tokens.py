"""API tokens in the UI: created by staff, shown once, stored only as a hash, revocable."""
from __future__ import annotations

import re

from tests.conftest import csrf_token_from
from wbl_match.models import ApiToken, AuditEvent, Role
from wbl_match.services.accounts.api_tokens import hash_token


def _create(client, name="Warehouse", role="intermediary"):
    token_page = client.get("/admin/tokens").get_data(as_text=True)
    return client.post("/admin/tokens", data={"csrf_token": csrf_token_from(token_page), "name": name, "role": role})


def test_an_intermediary_creates_a_token_that_is_shown_once_and_stored_as_a_hash(client, signed_in, session):
    signed_in(Role.INTERMEDIARY)
    response = _create(client)
    assert response.status_code == 201
    token = re.search(r'<code id="new-token">([^<]+)</code>', response.get_data(as_text=True)).group(1)
    row = session.query(ApiToken).one()
    assert row.token_hash == hash_token(token) and token not in (row.prefix, row.token_hash)
    assert token not in client.get("/admin/tokens").get_data(as_text=True)
    assert client.get("/api/v1/schools/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert session.query(AuditEvent).filter_by(action="api_token.created").count() == 1


def test_an_intermediary_cannot_create_an_administrator_token(client, signed_in, session):
    signed_in(Role.INTERMEDIARY)
    response = _create(client, role="admin")
    assert response.status_code == 422
    assert session.query(ApiToken).count() == 0


def test_a_token_needs_a_name(client, signed_in, session):
    signed_in(Role.ADMIN)
    response = _create(client, name="  ")
    assert response.status_code == 422
    assert "field-error" in response.get_data(as_text=True)
    assert session.query(ApiToken).count() == 0


def test_a_revoked_token_stops_working_at_once(client, signed_in, session):
    signed_in(Role.ADMIN)
    token = re.search(r'<code id="new-token">([^<]+)</code>', _create(client, role="admin").get_data(as_text=True)).group(1)
    row = session.query(ApiToken).one()
    page = client.get("/admin/tokens").get_data(as_text=True)
    response = client.post(f"/admin/tokens/{row.id}/revoke", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert client.get("/api/v1/schools/", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert session.query(AuditEvent).filter_by(action="api_token.revoked").count() == 1



def _csrf(client) -> str:
    return csrf_token_from(client.get("/account/api-tokens").get_data(as_text=True))


def test_an_employer_or_a_student_creates_a_personal_token_that_acts_as_them(client, make_user, session):
    from tests.conftest import login

    student = make_user(Role.STUDENT)
    login(client, student)
    created = client.post("/account/api-tokens", data={"csrf_token": _csrf(client), "name": "My hours app"})
    assert created.status_code == 201
    token = re.search(r'<code id="new-token">([^<]+)</code>', created.get_data(as_text=True)).group(1)
    row = session.query(ApiToken).filter_by(user_id=student.id).one()
    assert row.role is Role.STUDENT and row.token_hash == hash_token(token)
    assert "My hours app" in client.get("/account/api-tokens").get_data(as_text=True)
    assert client.post("/account/api-tokens", data={"csrf_token": _csrf(client), "name": ""}).status_code == 422


def test_a_personal_token_is_revoked_by_its_owner_only(app, client, make_user, session):
    from tests.conftest import login
    from wbl_match.services.accounts.api_tokens import create_personal_token

    owner, other = make_user(Role.EMPLOYER), make_user(Role.EMPLOYER)
    row, _token = create_personal_token(session, owner, "Mine")
    login(client, other)
    assert client.post(f"/account/api-tokens/{row.id}/revoke", data={"csrf_token": _csrf(client)}).status_code == 404
    mine = app.test_client()
    login(mine, owner)
    assert mine.post(f"/account/api-tokens/{row.id}/revoke", data={"csrf_token": _csrf(mine)}).status_code == 302
    session.refresh(row)
    assert row.revoked_at is not None
