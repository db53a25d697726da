"""Failed sign-ins are counted in the database for every worker, per account and per address; the wait is
short and capped, a burst from elsewhere does not lock the rightful user out, proxy headers count only when
configured, and new passwords must be hard to guess."""
from __future__ import annotations

from datetime import timedelta

import pytest

from wbl_match import create_app
from wbl_match.config import TestConfig
from wbl_match.models import AuditEvent, Role, SignInFailure
from wbl_match.models.base import utcnow
from wbl_match.services.accounts.sign_in_limits import SignInLimits, account_key, seconds_to_wait
from tests.conftest import TEST_PASSWORD, FreshContextClient, csrf_token_from


@pytest.fixture(autouse=True)
def generous_flood_limit(app):
    # The per-address request limit (flask-limiter, per worker without Redis) is not what is tested here.
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"


def _attempt(client, email: str, password: str, address: str = "203.0.113.7", headers=None):
    environ = {"REMOTE_ADDR": address}
    token = csrf_token_from(client.get("/login", environ_base=environ).get_data(as_text=True))
    return client.post("/login", data={"csrf_token": token, "email": email, "password": password},
                       environ_base=environ, headers=headers or {})


@pytest.fixture
def second_worker(database_url, tmp_path):
    """Another application on the same database, as a second gunicorn worker is."""
    other = create_app(TestConfig(database_url, tmp_path / "instance-2"))
    other.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    other.test_client_class = FreshContextClient
    return other.test_client()


def test_failures_on_two_workers_add_up_and_the_sixth_attempt_waits(client, second_worker, make_user):
    user = make_user(Role.INTERMEDIARY)
    codes = [_attempt(worker, user.email, "wrong password").status_code
             for worker in (client, second_worker) * 2 + (client,)]
    assert codes == [422] * 5
    for worker in (client, second_worker):
        response = _attempt(worker, user.email, TEST_PASSWORD)
        assert response.status_code == 429
        # The wait is 30 s after the last failure, less whatever time has passed since (a slow machine).
        wait = int(response.headers["Retry-After"])
        assert 0 < wait <= 30
        assert f"Too many failed attempts to sign in. Wait {wait} seconds" in response.get_data(as_text=True)


def test_one_address_trying_many_accounts_is_stopped_after_20_failures(client, make_user):
    codes = [_attempt(client, f"guess{n}@example.org", "wrong password").status_code for n in range(20)]
    assert set(codes) == {422}
    user = make_user(Role.INTERMEDIARY)
    assert _attempt(client, user.email, TEST_PASSWORD).status_code == 429
    assert _attempt(client, user.email, TEST_PASSWORD, address="198.51.100.2").status_code == 302


def test_a_burst_from_elsewhere_does_not_lock_out_the_rightful_user(client, make_user):
    user = make_user(Role.STUDENT)
    for _ in range(12):
        _attempt(client, user.email, "wrong password", address="192.0.2.66")
    assert _attempt(client, user.email, TEST_PASSWORD, address="192.0.2.66").status_code == 429
    assert _attempt(client, user.email, TEST_PASSWORD, address="203.0.113.7").status_code == 302


def test_the_wait_doubles_but_never_exceeds_five_minutes(session, app):
    limits = SignInLimits.from_config(app.config)
    now = utcnow()
    key = account_key("ana@example.org")
    session.add_all([SignInFailure(account_key=key, address="192.0.2.1", failed_at=now - timedelta(seconds=n))
                     for n in range(40)])
    session.commit()
    assert [limits.wait_after(n, 5) for n in (4, 5, 6, 7, 8, 9, 40)] == [0, 30, 60, 120, 240, 300, 300]
    assert seconds_to_wait(session, limits, "Ana@Example.org ", "192.0.2.1", now) == 300
    assert seconds_to_wait(session, limits, "ana@example.org", "192.0.2.1", now + timedelta(seconds=301)) == 0


def test_a_correct_password_clears_that_accounts_failures_from_that_address(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    for _ in range(4):
        _attempt(client, user.email, "wrong password")
    assert _attempt(client, user.email, TEST_PASSWORD).status_code == 302
    assert session.query(SignInFailure).count() == 0


def test_forwarded_for_headers_are_ignored_unless_proxies_are_configured(client, make_user):
    user = make_user(Role.INTERMEDIARY)
    for n in range(5):
        _attempt(client, user.email, "wrong password", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    response = _attempt(client, user.email, TEST_PASSWORD, headers={"X-Forwarded-For": "198.51.100.99"})
    assert response.status_code == 429


def test_behind_one_configured_proxy_each_client_has_its_own_address(database_url, tmp_path, make_user):
    config = TestConfig(database_url, tmp_path / "instance-proxy")
    config.PROXY_HOPS = 1
    proxied = create_app(config)
    proxied.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    proxied.test_client_class = FreshContextClient
    client = proxied.test_client()
    user = make_user(Role.INTERMEDIARY)
    for _ in range(5):  # everyone arrives from the proxy's address, 10.0.0.1
        _attempt(client, user.email, "wrong password", address="10.0.0.1", headers={"X-Forwarded-For": "192.0.2.66"})
    blocked = _attempt(client, user.email, TEST_PASSWORD, address="10.0.0.1", headers={"X-Forwarded-For": "192.0.2.66"})
    assert blocked.status_code == 429
    rightful = _attempt(client, user.email, TEST_PASSWORD, address="10.0.0.1",
                        headers={"X-Forwarded-For": "203.0.113.7"})
    assert rightful.status_code == 302


def test_a_failed_sign_in_of_a_known_account_is_audited_without_the_password(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    _attempt(client, user.email, "wrong password")
    event = session.query(AuditEvent).filter_by(action="user.sign_in_failed").one()
    assert (event.entity_type, event.entity_id) == ("users", user.id)
    assert "wrong password" not in str(event.details)


def test_the_failures_table_keeps_no_email_address(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    _attempt(client, user.email, "wrong password")
    failure = session.query(SignInFailure).one()
    assert user.email not in failure.account_key and failure.account_key == account_key(user.email)


@pytest.mark.parametrize("weak", ["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "123456789012"])
def test_a_long_but_weak_new_password_is_refused_with_a_kind_message(client, signed_in, weak):
    signed_in(Role.INTERMEDIARY)
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    response = client.post("/account/password", data={"csrf_token": token, "current_password": TEST_PASSWORD,
                                                       "new_password": weak, "confirm_password": weak})
    assert response.status_code == 422
    assert "This password is too easy to guess; choose one that is harder." in response.get_data(as_text=True)


def test_a_new_password_made_of_the_persons_own_email_is_refused(client, signed_in):
    user = signed_in(Role.INTERMEDIARY, email="marisol.quintero@example.org")
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    weak = "marisolquintero"
    response = client.post("/account/password", data={"csrf_token": token, "current_password": TEST_PASSWORD,
                                                       "new_password": weak, "confirm_password": weak})
    assert response.status_code == 422, user.email


def test_a_strong_new_password_is_accepted(client, signed_in):
    signed_in(Role.INTERMEDIARY)
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    strong = "violet tractor lantern 42"
    response = client.post("/account/password", data={"csrf_token": token, "current_password": TEST_PASSWORD,
                                                       "new_password": strong, "confirm_password": strong})
    assert response.status_code == 302
