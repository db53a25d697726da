"""Signing in and out, passwords, and the measured traps around sessions, CSRF and rate limits."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.models import AuditEvent, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token_from, login

HOME = {Role.ADMIN: "/admin/", Role.INTERMEDIARY: "/intermediary/", Role.EMPLOYER: "/employer/",
        Role.STUDENT: "/student/"}


def test_each_role_lands_on_its_own_home_page_after_signing_in(client, make_user):
    for role, home in HOME.items():
        user = make_user(role)
        response = login(client, user)
        assert response.headers["Location"] == "/"
        assert client.get("/").headers["Location"] == home
        assert client.get(home).status_code == 200
        client.post("/logout", data={"csrf_token": csrf_token_from(client.get(home).get_data(as_text=True))})


def test_a_wrong_password_is_refused_with_a_message_and_no_session(client, make_user):
    user = make_user(Role.STUDENT)
    response = login(client, user, password="not the password")
    assert response.status_code == 422
    assert "E-mail or password is not correct." in response.get_data(as_text=True)
    assert client.get("/student/").status_code == 302


def test_an_unknown_email_gets_the_same_answer_as_a_wrong_password(client, make_user):
    ghost = User(email="nobody@example.org")
    response = login(client, ghost)
    assert response.status_code == 422
    assert "E-mail or password is not correct." in response.get_data(as_text=True)


def test_an_empty_login_form_shows_a_message_beside_each_field(client):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    page = client.post("/login", data={"email": "", "password": "", "csrf_token": token}).get_data(as_text=True)
    assert 'id="email-error"' in page and "Enter your e-mail address." in page
    assert 'id="password-error"' in page and "Enter your password." in page
    assert 'aria-invalid="true"' in page


def test_a_disabled_account_cannot_sign_in(client, make_user):
    user = make_user(Role.INTERMEDIARY, is_active=False)
    assert login(client, user).status_code == 422


def test_signing_in_is_audited(client, make_user, session):
    user = make_user(Role.INTERMEDIARY)
    login(client, user)
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).all()
    assert "user.logged_in" in actions


def test_login_only_follows_next_to_pages_of_this_site(client, make_user):
    user = make_user(Role.INTERMEDIARY)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=https://evil.example/", data={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_login_follows_next_to_a_local_page(client, make_user):
    user = make_user(Role.INTERMEDIARY)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/intermediary/", data={
        "email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/intermediary/"


def test_login_attempts_without_a_csrf_token_still_count_towards_the_rate_limit(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "5 per minute"
    codes = [client.post("/login", data={"email": "a@b.org", "password": "x"}).status_code for _ in range(7)]
    assert codes[:5] == [400] * 5
    assert codes[5:] == [429, 429]


def test_too_many_login_attempts_get_the_friendly_429_page(app, client, make_user):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    user = make_user(Role.STUDENT)
    for _ in range(2):
        login(client, user, password="wrong")
    response = login(client, user)
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_a_session_cookie_copied_before_logout_no_longer_works_after_it(app, client, make_user):
    user = make_user(Role.INTERMEDIARY)
    login(client, user)
    copied = client.get_cookie("wbl_session").value
    page = client.get("/intermediary/").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token_from(page)})
    thief = app.test_client()
    thief.set_cookie("wbl_session", copied)
    assert thief.get("/intermediary/").status_code == 302


def test_logout_without_a_csrf_token_is_refused_and_keeps_the_session(client, make_user):
    login(client, make_user(Role.INTERMEDIARY))
    response = client.post("/logout")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert client.get("/intermediary/").status_code == 200


def _change_password(client, current, new, confirm):
    token = csrf_token_from(client.get("/account/password").get_data(as_text=True))
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "confirm_password": confirm, "csrf_token": token})


def test_changing_the_password_ends_other_sessions_and_keeps_this_one(app, client, make_user):
    user = make_user(Role.STUDENT)
    other_device = app.test_client()
    login(other_device, user)
    login(client, user)
    response = _change_password(client, TEST_PASSWORD, "a much longer new passphrase", "a much longer new passphrase")
    assert response.status_code == 302
    assert client.get("/student/").status_code == 200
    assert other_device.get("/student/").status_code == 302
    assert login(app.test_client(), user, password="a much longer new passphrase").status_code == 302


def test_a_wrong_current_password_is_shown_beside_its_field_and_changes_nothing(client, make_user, session):
    user = make_user(Role.STUDENT)
    login(client, user)
    before = user.password_hash
    response = _change_password(client, "wrong", "a much longer new passphrase", "a much longer new passphrase")
    assert response.status_code == 422
    assert 'id="current_password-error"' in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(User, user.id).password_hash == before


def test_a_short_new_password_is_refused(client, make_user):
    login(client, make_user(Role.STUDENT))
    response = _change_password(client, TEST_PASSWORD, "short", "short")
    assert response.status_code == 422
    assert "Use at least 12 characters." in response.get_data(as_text=True)


def test_mismatched_new_passwords_are_refused(client, make_user):
    login(client, make_user(Role.STUDENT))
    response = _change_password(client, TEST_PASSWORD, "first long passphrase", "second long passphrase")
    assert "The two new passwords are not the same." in response.get_data(as_text=True)
