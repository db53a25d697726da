"""Invitation tokens: stored only as a hash, single use, expiring."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import Invitation, Role, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import get_passwords
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.accounts.invitations import (
    InvitationRequest, accept_invitation, create_invitation, find_invitation, hash_token,
)

PASSWORD = "twelve chars or more"


@pytest.fixture
def created(session, make_user, make_employer):
    coordinator = make_user(Role.INTERMEDIARY)
    employer = make_employer()
    result = create_invitation(session, coordinator, InvitationRequest(Role.EMPLOYER, "new@example.org",
                                                                       employer_id=employer.id),
                               lambda token: f"https://wbl.example.org/invitations/{token}")
    return result.link.rsplit("/", 1)[1], result.invitation


def test_the_token_is_kept_only_as_its_sha256(session, created):
    token, invitation = created
    stored = session.scalars(sa.select(Invitation.token_hash)).all()
    assert stored == [hash_token(token)] and len(stored[0]) == 64 and token not in stored[0]


def test_a_token_works_once(session, app, created):
    token, _ = created
    user = accept_invitation(session, get_passwords(app), token, "New Person", PASSWORD, PASSWORD)
    assert user.role is Role.EMPLOYER and user.password_hash
    assert find_invitation(session, token) is None
    with pytest.raises(Refused):
        accept_invitation(session, get_passwords(app), token, "Someone Else", PASSWORD, PASSWORD)
    assert session.scalar(sa.select(sa.func.count(User.id)).where(User.email == "new@example.org")) == 1


def test_an_expired_token_is_refused(session, app, created):
    token, invitation = created
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    with pytest.raises(Refused):
        accept_invitation(session, get_passwords(app), token, "New Person", PASSWORD, PASSWORD)


def test_a_weak_password_and_an_empty_name_are_reported_together(session, app, created):
    token, _ = created
    with pytest.raises(FieldErrors) as caught:
        accept_invitation(session, get_passwords(app), token, " ", "short", "short")
    assert set(caught.value.errors) == {"name", "password"}
    assert find_invitation(session, token) is not None


def _invite_student(session, coordinator, student, email):
    return create_invitation(session, coordinator, InvitationRequest(Role.STUDENT, email,
                                                                     student_external_id=student.external_id),
                             lambda token: f"https://wbl.example.org/invitations/{token}").link.rsplit("/", 1)[1]


def test_a_withdrawn_student_is_not_invited_until_reinstated(session, make_user, make_student):
    from wbl_match.services.students.withdrawals import reinstate_student, withdraw_student

    coordinator, student = make_user(Role.INTERMEDIARY), make_student()
    withdraw_student(session, coordinator, student, "left_school")
    with pytest.raises(FieldErrors) as caught:
        _invite_student(session, coordinator, student, "back@example.org")
    assert "reinstate" in caught.value.errors["student_external_id"][0]
    reinstate_student(session, coordinator, student)
    assert _invite_student(session, coordinator, student, "back@example.org")


def test_a_reinstated_student_invited_again_gets_their_old_account_back_or_a_new_one(
        session, app, make_user, make_student):
    from wbl_match.services.students.withdrawals import reinstate_student, withdraw_student

    coordinator = make_user(Role.INTERMEDIARY)
    old = make_user(Role.STUDENT, email="kid@example.org")
    student = make_student(user_id=old.id)
    withdraw_student(session, coordinator, student, "family_request")
    reinstate_student(session, coordinator, student)
    version = old.session_version
    token = _invite_student(session, coordinator, student, "kid@example.org")
    user = accept_invitation(session, get_passwords(app), token, "Kid Again", PASSWORD, PASSWORD)
    assert user.id == old.id and user.is_active and user.session_version == version + 1

    other = make_student(user_id=make_user(Role.STUDENT, email="first@example.org").id)
    withdraw_student(session, coordinator, other, "left_school")
    reinstate_student(session, coordinator, other)
    token = _invite_student(session, coordinator, other, "second@example.org")
    fresh = accept_invitation(session, get_passwords(app), token, "Second Address", PASSWORD, PASSWORD)
    session.refresh(other)
    assert other.user_id == fresh.id and fresh.is_active
    assert session.scalar(sa.select(User.is_active).where(User.email == "first@example.org")) is False
