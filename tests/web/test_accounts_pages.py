"""Recovering an account through the pages, and the administrator's account actions."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from wbl_match.models import OutboxMessage, Role, User
from tests.conftest import TEST_PASSWORD, csrf_token_from, login
from tests.mail_support import delivered_text

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"http://localhost/reset-password/([\w-]+)")


def _newest_mail(session) -> str:
    """The newest outbox message as it went out (tests deliver on commit, into the mail folder)."""
    newest = session.scalars(sa.select(OutboxMessage.id).order_by(OutboxMessage.id.desc())).first()
    return delivered_text(newest) if newest else ""


def _post(client, url, data, page=None):
    return client.post(url, data={"csrf_token": csrf_token_from(client.get(page or url).get_data(as_text=True)),
                                  **data})


def test_the_sign_in_page_offers_forgot_password(client):
    assert 'href="/forgot-password">Forgot your password?' in client.get("/login").get_data(as_text=True)


def test_a_person_recovers_their_account_by_the_e_mailed_link_without_staff_help(client, session, make_user, caplog):
    user = make_user(Role.EMPLOYER)
    caplog.set_level("INFO")
    response = _post(client, "/forgot-password", {"email": user.email})
    assert response.status_code == 302
    assert "a link to choose a new password is on its way" in client.get("/login").get_data(as_text=True)
    token = LINK.search(_newest_mail(session)).group(1)
    assert all(token not in m.body for m in session.scalars(sa.select(OutboxMessage)))
    page_url = f"/reset-password/{token}"
    assert client.get(page_url).status_code == 200
    response = _post(client, page_url, {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert login(client, user, NEW_PASSWORD).status_code == 302
    assert client.get(page_url).status_code == 404


def test_an_unknown_address_reads_the_same_answer_and_nothing_is_sent(client, session, caplog):
    caplog.set_level("INFO")
    _post(client, "/forgot-password", {"email": "nobody@example.org"})
    assert "a link to choose a new password is on its way" in client.get("/login").get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0 and not LINK.search(_newest_mail(session))


def test_a_made_up_link_says_it_no_longer_works(client):
    response = client.get("/reset-password/made-up-token")
    assert response.status_code == 404 and "This link no longer works" in response.get_data(as_text=True)


def test_a_mismatched_new_password_is_shown_beside_the_field(client, session, make_user, caplog):
    user = make_user(Role.STUDENT)
    caplog.set_level("INFO")
    _post(client, "/forgot-password", {"email": user.email})
    token = LINK.search(_newest_mail(session)).group(1)
    response = _post(client, f"/reset-password/{token}", {"new_password": NEW_PASSWORD, "confirm_password": "other"})
    assert response.status_code == 422 and "The two new passwords are not the same." in response.get_data(as_text=True)


def test_asking_again_and_again_from_one_address_is_limited(app, client, make_user):
    app.config["RATELIMIT_ENABLED"] = True
    user = make_user(Role.STUDENT)
    token = csrf_token_from(client.get("/forgot-password").get_data(as_text=True))
    codes = [client.post("/forgot-password", data={"csrf_token": token, "email": user.email}).status_code
             for _ in range(7)]
    assert codes[:5] == [302] * 5 and codes[-1] == 429


@pytest.fixture
def admin(signed_in):
    return signed_in(Role.ADMIN)


def test_an_administrator_invites_a_coordinator_from_the_users_page(client, session, admin, caplog):
    caplog.set_level("INFO")
    response = _post(client, "/admin/users/invite", {"name": "Ana Ruiz", "email": "ana@example.org",
                                                     "role": "intermediary"}, "/admin/")
    assert response.status_code == 302
    user = session.scalar(sa.select(User).where(User.email == "ana@example.org"))
    assert user.role is Role.INTERMEDIARY and LINK.search(_newest_mail(session))
    assert "(no password yet)" in client.get("/admin/").get_data(as_text=True)


def test_an_invitation_to_a_taken_address_is_refused_beside_the_field(client, admin):
    response = _post(client, "/admin/users/invite", {"name": "Me again", "email": admin.email, "role": "admin"},
                     "/admin/")
    assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)


def test_deactivating_and_resetting_ask_first_and_then_act(client, session, admin, make_user):
    user = make_user(Role.INTERMEDIARY)
    page = client.get(f"/admin/users/{user.id}/deactivate").get_data(as_text=True)
    assert "cannot sign in" in page and "Deactivate the account" in page
    client.post(f"/admin/users/{user.id}/deactivate", data={"csrf_token": csrf_token_from(page)})
    session.expire_all()
    assert not session.get(User, user.id).is_active
    users = client.get("/admin/").get_data(as_text=True)
    assert "Reactivate" in users
    client.post(f"/admin/users/{user.id}/reactivate", data={"csrf_token": csrf_token_from(users)})
    session.expire_all()
    assert session.get(User, user.id).is_active
    page = client.get(f"/admin/users/{user.id}/reset").get_data(as_text=True)
    assert "stops working at once" in page
    client.post(f"/admin/users/{user.id}/reset", data={"csrf_token": csrf_token_from(page)})
    session.expire_all()
    assert session.get(User, user.id).password_hash is None


def test_an_administrator_cannot_reach_another_consortiums_accounts(client, admin, make_user, make_consortium):
    stranger = make_user(Role.INTERMEDIARY, consortium_id=make_consortium().id)
    assert client.get(f"/admin/users/{stranger.id}/deactivate").status_code == 404
    token = csrf_token_from(client.get("/admin/").get_data(as_text=True))
    assert client.post(f"/admin/users/{stranger.id}/reset", data={"csrf_token": token}).status_code == 404


def test_a_coordinator_cannot_use_the_administrators_account_actions(client, signed_in, make_user):
    signed_in(Role.INTERMEDIARY)
    other = make_user(Role.INTERMEDIARY)
    assert client.get(f"/admin/users/{other.id}/deactivate").status_code == 403
