"""Headers, cookies, limits and error pages that protect every response."""
from __future__ import annotations

from wbl_match.models import Role
from tests.conftest import login


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_forbid_sniffing_framing_and_leaky_referrers(client):
    headers = client.get("/login").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, make_user):
    login(client, make_user(Role.INTERMEDIARY))
    assert client.get("/intermediary/").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_is_http_only_and_same_site(client, make_user):
    response = login(client, make_user(Role.INTERMEDIARY))
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("wbl_session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_production_configuration_marks_cookies_secure_and_limits_sessions(monkeypatch, tmp_path):
    from wbl_match.config import Config

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = Config(instance_path=tmp_path)
    assert config.SESSION_COOKIE_SECURE is True
    assert config.PERMANENT_SESSION_LIFETIME.total_seconds() <= 12 * 3600
    assert config.MAX_CONTENT_LENGTH == 16 * 1024 * 1024


def test_a_request_larger_than_the_limit_gets_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "That upload is too large" in response.get_data(as_text=True)


def test_an_unknown_route_gets_the_friendly_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page and "<nav" in page


def test_a_wrong_method_gets_405_with_the_allow_header(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_an_unexpected_error_shows_a_friendly_page_without_a_traceback(app, client):
    from wbl_match.access import public

    def explode():
        raise RuntimeError("internal detail that must not leak")

    app.add_url_rule("/explode-test", "explode_test", public(explode))
    response = client.get("/explode-test")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong on our side" in page
    assert "internal detail" not in page and "Traceback" not in page
