"""Accounts that look after themselves: "forgot password" by a one-time link kept only sealed in the outbox, and
administrators who invite, deactivate, reactivate and reset access."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, OutboxMessage, PasswordReset, Role
from wbl_match.models.base import utcnow
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts import administration, recovery
from wbl_match.services.accounts.invitations import hash_token
from wbl_match.services.accounts.users import AccountError, authenticate
from wbl_match.services.errors import Refused
from wbl_match.services.outbox.templates import SECRET_PLACEHOLDER
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a brand new passphrase"


ISSUED: list[str] = []


def link(token: str) -> str:
    """The reset page's address, as the web gives it; the tests keep the tokens it was given."""
    ISSUED.append(token)
    return f"https://wbl.example.org/reset-password/{token}"


@pytest.fixture(autouse=True)
def _no_tokens_yet():
    ISSUED.clear()


def _deliver(session) -> list[str]:
    """The tokens of the links e-mailed since the last call."""
    taken = list(ISSUED)
    ISSUED.clear()
    return taken


def test_asking_for_a_link_queues_an_e_mail_whose_stored_body_holds_no_token(session, make_user, caplog):
    user = make_user(Role.INTERMEDIARY)
    caplog.set_level("INFO")
    recovery.request_reset(session, user.email.upper(), link)
    message = session.scalars(sa.select(OutboxMessage)).one()
    (token,) = _deliver(session)
    assert message.to_address == user.email and SECRET_PLACEHOLDER in message.body
    assert token not in message.body and token not in (message.sealed or "")
    assert token not in caplog.text
    reset = session.scalars(sa.select(PasswordReset)).one()
    assert reset.token_hash == hash_token(token)
    assert all(token not in str(v) for row in session.execute(sa.select(PasswordReset)).all() for v in row[0].__dict__.values())


def test_an_unknown_or_deactivated_address_gets_nothing_and_the_answer_is_the_same(session, make_user):
    off = make_user(Role.INTERMEDIARY, is_active=False)
    assert recovery.request_reset(session, "nobody@example.org", link) is None
    assert recovery.request_reset(session, off.email, link) is None
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_an_account_gets_at_most_three_links_an_hour(session, make_user):
    user = make_user(Role.EMPLOYER)
    for _ in range(5):
        recovery.request_reset(session, user.email, link)
    assert session.scalar(sa.select(sa.func.count(PasswordReset.id))) == recovery.MAX_PER_HOUR


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, session, make_user):
    user = make_user(Role.STUDENT)
    version = user.session_version
    recovery.request_reset(session, user.email, link)
    (token,) = _deliver(session)
    recovery.complete_reset(session, get_passwords(app), token, NEW_PASSWORD, NEW_PASSWORD)
    assert authenticate(session, get_passwords(app), user.email, NEW_PASSWORD) is not None
    assert authenticate(session, get_passwords(app), user.email, TEST_PASSWORD) is None
    assert user.session_version == version + 1
    with pytest.raises(AccountError, match="expired or has been used"):
        recovery.complete_reset(session, get_passwords(app), token, "another passphrase!", "another passphrase!")


def test_a_link_works_only_within_the_hour_and_only_the_newest_one(app, session, make_user):
    user = make_user(Role.STUDENT)
    recovery.request_reset(session, user.email, link)
    (first,) = _deliver(session)
    recovery.request_reset(session, user.email, link)
    (second,) = _deliver(session)
    assert recovery.find_reset(session, first) is None and recovery.find_reset(session, second) is not None
    reset = recovery.find_reset(session, second)
    reset.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    assert recovery.find_reset(session, second) is None
    assert recovery.find_reset(session, "made-up") is None and recovery.find_reset(session, None) is None


def test_a_weak_new_password_is_refused_and_the_link_still_works(app, session, make_user):
    user = make_user(Role.STUDENT)
    recovery.request_reset(session, user.email, link)
    (token,) = _deliver(session)
    with pytest.raises(AccountError, match="at least 12"):
        recovery.complete_reset(session, get_passwords(app), token, "short", "short")
    assert recovery.find_reset(session, token) is not None



def test_an_administrator_invites_a_coordinator_who_chooses_their_own_password(app, session, make_user):
    admin = make_user(Role.ADMIN)
    user = administration.invite_staff(session, get_passwords(app), admin, "New.Person@Example.org", "Ana Ruiz",
                                       Role.INTERMEDIARY, link)
    assert user.email == "new.person@example.org" and user.password_hash is None and user.is_active
    (token,) = _deliver(session)
    reset = recovery.find_reset(session, token)
    assert reset.expires_at - reset.created_at == recovery.INVITE_VALID
    recovery.complete_reset(session, get_passwords(app), token, NEW_PASSWORD, NEW_PASSWORD)
    assert authenticate(session, get_passwords(app), user.email, NEW_PASSWORD) is not None


def test_an_administrator_invites_only_staff_and_never_twice_the_same_address(app, session, make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(AccountError, match="coordinators invite employers"):
        administration.invite_staff(session, get_passwords(app), admin, "x@example.org", "X", Role.STUDENT, link)
    with pytest.raises(AccountError, match="already exists"):
        administration.invite_staff(session, get_passwords(app), admin, admin.email, "Again", Role.ADMIN, link)


def test_deactivating_signs_out_and_stops_sign_in_and_reactivating_brings_it_back(app, session, make_user):
    admin, user = make_user(Role.ADMIN), make_user(Role.INTERMEDIARY)
    version = user.session_version
    administration.deactivate(session, admin, user)
    assert not user.is_active and user.session_version == version + 1
    assert authenticate(session, get_passwords(app), user.email, TEST_PASSWORD) is None
    recovery.request_reset(session, user.email, link)
    assert session.scalar(sa.select(sa.func.count(PasswordReset.id))) == 0
    administration.reactivate(session, admin, user)
    assert authenticate(session, get_passwords(app), user.email, TEST_PASSWORD) is not None
    actions = set(session.scalars(sa.select(AuditEvent.action)))
    assert {"user.deactivated", "user.reactivated"} <= actions


def test_an_administrator_cannot_lock_themselves_or_the_consortium_out(session, make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(Refused, match="your own account"):
        administration.deactivate(session, admin, admin)
    with pytest.raises(Refused, match="your own account"):
        administration.reset_access(session, admin, admin, link)
    other = make_user(Role.ADMIN)
    administration.deactivate(session, admin, other)
    with pytest.raises(Refused, match="already deactivated"):
        administration.deactivate(session, admin, other)


def test_the_last_active_administrator_cannot_be_deactivated(session, make_user):
    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    administration.deactivate(session, first, second)
    administration.reactivate(session, first, second)
    administration.deactivate(session, second, first)
    with pytest.raises(Refused, match="at least one active administrator"):
        administration.deactivate(session, make_user(Role.INTERMEDIARY), second)


def test_resetting_access_stops_the_old_password_and_e_mails_a_link(app, session, make_user):
    admin, user = make_user(Role.ADMIN), make_user(Role.EMPLOYER)
    administration.reset_access(session, admin, user, link)
    assert authenticate(session, get_passwords(app), user.email, TEST_PASSWORD) is None
    message = session.scalars(sa.select(OutboxMessage)).one()
    assert "reset your access" in message.body and not re.search(r"reset-password/\S+", message.body)
    (token,) = _deliver(session)
    recovery.complete_reset(session, get_passwords(app), token, NEW_PASSWORD, NEW_PASSWORD)
    assert authenticate(session, get_passwords(app), user.email, NEW_PASSWORD) is not None
