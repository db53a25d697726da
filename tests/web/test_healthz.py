"""``/healthz`` tells whether the database and the job queue answer."""
from __future__ import annotations

from wbl_match.jobs import RedisQueue


def test_health_is_ok_on_the_embedded_default(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["jobs"] == {"backend": "in-process", "ok": True}


def test_health_is_degraded_when_the_job_queue_is_unreachable(app, client):
    app.extensions["wbl_jobs"] = RedisQueue("redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["jobs"]["ok"] is False


def test_health_is_degraded_when_the_database_is_unreachable(app, client, monkeypatch):
    import wbl_match.web.main.routes as routes

    monkeypatch.setattr(routes, "check_database", lambda session: {"ok": False, "dialect": "x", "error": "Down"})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "degraded"
