"""Who may call the API: bearer tokens of a consortium and a role, never the session cookie alone."""
from __future__ import annotations

from wbl_match.models import Role
from wbl_match.models.base import utcnow


def test_an_anonymous_call_gets_401_in_json_not_a_redirect(client, make_school):
    response = client.get("/api/v1/schools/")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_an_unknown_token_gets_401(client):
    assert client.get("/api/v1/schools/", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_a_revoked_token_gets_401(client, bearer):
    assert client.get("/api/v1/schools/", headers=bearer(revoked_at=utcnow())).status_code == 401


def test_a_token_of_another_consortium_gets_404_for_this_consortiums_records(client, bearer, make_consortium,
                                                                             make_school):
    school = make_school()
    headers = bearer(consortium_id=make_consortium().id)
    assert client.get(f"/api/v1/schools/{school.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/schools/", headers=headers).get_json() == []


def test_an_intermediary_token_gets_403_where_only_administrators_may_act(client, bearer):
    body = {"cds_code": "54719990000001", "name": "New High"}
    response = client.post("/api/v1/schools/", json=body, headers=bearer(Role.INTERMEDIARY))
    assert response.status_code == 403
    assert client.post("/api/v1/schools/", json=body, headers=bearer(Role.ADMIN)).status_code == 201


def test_a_signed_in_browser_session_alone_cannot_call_the_api(client, signed_in):
    signed_in(Role.ADMIN)
    assert client.get("/intermediary/").status_code == 200
    response = client.post("/api/v1/employers/", json={"name": "Forged"})
    assert response.status_code == 401
    assert client.get("/api/v1/employers/").status_code == 401


def test_the_openapi_document_and_docs_are_public(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.get_json()["openapi"].startswith("3.")
    assert "bearerAuth" in spec.get_json()["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"vendor/swagger-ui/swagger-ui-bundle.js" in docs.data
