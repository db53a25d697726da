"""Two-step sign-in through the pages: setting it up from the account page, signing in with a code or a
recovery code, the set-up the consortium's requirement asks for before anything else, turning it off, and the
administrator's reset and setting."""
from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, Consortium, Role
from wbl_match.models.base import utcnow
from wbl_match.services.accounts import two_step
from tests.conftest import TEST_PASSWORD, csrf_token_from, login

SECRET = re.compile(r'data-testid="two-step-secret">([A-Z2-7 ]+)<')
CODES = re.compile(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>")


@pytest.fixture(autouse=True)
def generous_flood_limit(app):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"


def _post(client, url, data, page=None):
    return client.post(url, data={"csrf_token": csrf_token_from(client.get(page or url).get_data(as_text=True)),
                                  **data})


def _enrolled(session, user):
    """Two-step sign-in on for ``user`` (set up five minutes ago); its secret and recovery codes."""
    moment = utcnow() - timedelta(minutes=5)
    secret = two_step.start_enrolment(session, user)
    return secret, two_step.confirm_enrolment(session, user, pyotp.TOTP(secret).at(moment), now=moment)


def _signed_in(client) -> bool:
    response = client.get("/account/password")
    return response.status_code == 200


def test_a_coordinator_sets_up_two_step_from_the_account_page_and_sees_ten_recovery_codes_once(client, session,
                                                                                                make_user):
    user = make_user(Role.INTERMEDIARY)
    login(client, user)
    assert "Two-step sign-in (off)" in client.get("/account/password").get_data(as_text=True)
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Off." in page and "Set up two-step sign-in" in page
    response = _post(client, "/account/two-step/start", {}, page="/account/two-step")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/two-step#setup")
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "<svg" in page and 'aria-label="QR code for your authenticator app"' in page
    secret = SECRET.search(page).group(1).replace(" ", "")
    wrong = _post(client, "/account/two-step/confirm", {"code": "12345"}, page="/account/two-step")
    assert wrong.status_code == 422 and "This code is not right" in wrong.get_data(as_text=True)
    done = _post(client, "/account/two-step/confirm", {"code": pyotp.TOTP(secret).now()}, page="/account/two-step")
    codes = CODES.findall(done.get_data(as_text=True))
    assert done.status_code == 200 and len(codes) == 10
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "On." in page and "10 of 10" in page and not CODES.search(page)
    assert two_step.is_on(session, user)


def test_signing_in_with_two_step_asks_for_a_code_after_the_password_and_not_before(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    secret, _ = _enrolled(session, user)
    response = login(client, user)
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert client.get("/intermediary/").status_code == 302  # not signed in yet
    page = client.get("/login/code").get_data(as_text=True)
    assert "Type your code" in page and 'autocomplete="one-time-code"' in page
    wrong = _post(client, "/login/code", {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert wrong.status_code == 422 and "This code is not right" in wrong.get_data(as_text=True)
    right = _post(client, "/login/code", {"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 302 and right.headers["Location"] == "/"
    assert _signed_in(client)


def test_the_second_step_keeps_the_page_asked_for_and_only_on_this_site(client, session, make_user):
    user = make_user(Role.ADMIN)
    secret, _ = _enrolled(session, user)
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    client.post("/login?next=/admin/", data={"csrf_token": token, "email": user.email, "password": TEST_PASSWORD})
    assert _post(client, "/login/code", {"code": pyotp.TOTP(secret).now()}).headers["Location"] == "/admin/"


def test_a_recovery_code_signs_in_once_and_the_page_warns_when_few_are_left(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    _, codes = _enrolled(session, user)
    for used in codes[:7]:
        two_step.attempt_second_step(session, two_step.SignInLimits(), user, used, "192.0.2.1")
    login(client, user)
    response = _post(client, "/login/code", {"code": codes[7]})
    assert response.status_code == 302
    assert "You have 2 recovery codes left" in client.get("/", follow_redirects=True).get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/account/password").get_data(as_text=True))})
    login(client, user)
    again = _post(client, "/login/code", {"code": codes[7]})
    assert again.status_code == 422


def test_the_second_step_without_a_password_first_goes_back_to_sign_in(client):
    assert client.get("/login/code").headers["Location"] == "/login"
    assert client.get("/login/two-step-setup").headers["Location"] == "/login"


def test_the_second_step_expires_after_ten_minutes(client, session, make_user, monkeypatch):
    user = make_user(Role.INTERMEDIARY)
    secret, _ = _enrolled(session, user)
    login(client, user)
    import time as clock

    later = clock.time() + 601
    monkeypatch.setattr("wbl_match.web.auth.two_step.time.time", lambda: later)
    assert client.get("/login/code").headers["Location"] == "/login"


def test_wrong_codes_are_bounded_by_the_sign_in_limits_and_answer_429(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    secret, _ = _enrolled(session, user)
    login(client, user)
    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert _post(client, "/login/code", {"code": wrong}).status_code == 422
    blocked = _post(client, "/login/code", {"code": pyotp.TOTP(secret).now()})
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.get_data(as_text=True)
    assert int(blocked.headers["Retry-After"]) > 0
    assert not _signed_in(client)


def test_when_required_a_coordinator_not_set_up_sets_it_up_at_sign_in_before_anything_else(client, session,
                                                                                           make_user, consortium):
    user = make_user(Role.INTERMEDIARY)
    consortium.staff_two_step_required = True
    session.commit()
    response = login(client, user)
    assert response.headers["Location"] == "/login/two-step-setup"
    assert client.get("/intermediary/").status_code == 302
    page = client.get("/login/two-step-setup").get_data(as_text=True)
    assert "Your consortium asks coordinators and administrators" in page
    secret = SECRET.search(page).group(1).replace(" ", "")
    assert SECRET.search(client.get("/login/two-step-setup").get_data(as_text=True)).group(1).replace(" ", "") == secret
    done = _post(client, "/login/two-step-setup", {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and len(CODES.findall(done.get_data(as_text=True))) == 10
    assert client.get("/intermediary/").status_code == 200


def test_an_employer_is_not_made_to_set_up_two_step_when_staff_are(client, session, make_user, consortium):
    consortium.staff_two_step_required = True
    session.commit()
    response = login(client, make_user(Role.EMPLOYER))
    assert response.headers["Location"] == "/"


def test_turning_two_step_off_asks_for_a_code_or_the_password(client, session, make_user):
    user = make_user(Role.EMPLOYER)
    secret, _ = _enrolled(session, user)
    login(client, user)
    _post(client, "/login/code", {"code": pyotp.TOTP(secret).now()})
    wrong = _post(client, "/account/two-step/disable", {"disable-proof": "not my password"}, page="/account/two-step")
    assert wrong.status_code == 422 and "or your password" in wrong.get_data(as_text=True)
    assert two_step.is_on(session, user)
    done = _post(client, "/account/two-step/disable", {"disable-proof": TEST_PASSWORD}, page="/account/two-step")
    assert done.status_code == 302 and not two_step.is_on(session, user)


def test_new_recovery_codes_are_shown_once_and_the_old_ones_stop_working(client, session, make_user):
    user = make_user(Role.ADMIN)
    secret, old = _enrolled(session, user)
    login(client, user)
    _post(client, "/login/code", {"code": old[0]})
    response = _post(client, "/account/two-step/recovery-codes", {"regenerate-proof": TEST_PASSWORD},
                     page="/account/two-step")
    new = CODES.findall(response.get_data(as_text=True))
    assert len(new) == 10 and set(new).isdisjoint(old)
    assert "the old ones no longer work" in response.get_data(as_text=True)


def test_students_have_no_two_step_page(client, make_user):
    login(client, make_user(Role.STUDENT))
    assert client.get("/account/two-step").status_code == 403
    assert "Two-step sign-in" not in client.get("/account/password").get_data(as_text=True)


def test_an_administrator_resets_a_coordinators_two_step_after_confirming(client, session, make_user):
    admin, user = make_user(Role.ADMIN), make_user(Role.INTERMEDIARY)
    _enrolled(session, user)
    login(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert f'/admin/users/{user.id}/two-step-reset' in page
    confirm = client.get(f"/admin/users/{user.id}/two-step-reset").get_data(as_text=True)
    assert "authenticator app and recovery codes stop working" in confirm
    response = _post(client, f"/admin/users/{user.id}/two-step-reset", {},
                     page=f"/admin/users/{user.id}/two-step-reset")
    assert response.status_code == 302 and not two_step.is_on(session, user)
    assert session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.two_step_reset")).one()
    other = client.application.test_client()
    assert login(other, user).headers["Location"] == "/"


def test_an_administrator_requires_two_step_of_staff_on_the_accounts_page(client, session, make_user, consortium):
    admin = make_user(Role.ADMIN)
    login(client, admin)
    response = _post(client, "/admin/two-step-requirement", {"required": "y"}, page="/admin/")
    assert response.status_code == 302
    assert session.get(Consortium, consortium.id).staff_two_step_required
    assert re.search(r'<input checked[^>]*name="required"', client.get("/admin/").get_data(as_text=True))
    _post(client, "/admin/two-step-requirement", {}, page="/admin/")
    session.expire_all()
    assert not session.get(Consortium, consortium.id).staff_two_step_required


def test_api_tokens_are_not_asked_for_a_second_step(client, session, make_user, consortium):
    from wbl_match.models import ApiToken
    from wbl_match.services.accounts.api_tokens import hash_token

    user = make_user(Role.INTERMEDIARY)
    _enrolled(session, user)
    consortium.staff_two_step_required = True
    session.add(ApiToken(consortium_id=consortium.id, name="sis", role=Role.INTERMEDIARY, prefix="wbl_twostep",
                         token_hash=hash_token("wbl_twostep-token")))
    session.commit()
    assert client.get("/api/v1/schools/", headers={"Authorization": "Bearer wbl_twostep-token"}).status_code == 200
