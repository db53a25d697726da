"""Invitations: the intermediary invites; the invited person sets a password once through an expiring link."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, Employer, Invitation, OutboxMessage, Role, StudentProfile, User
from wbl_match.models.base import utcnow
from tests.conftest import csrf_token_from

NEW_PASSWORD = "a long enough password"


def invite(client, **fields):
    token = csrf_token_from(client.get("/intermediary/invitations").get_data(as_text=True))
    data = {"csrf_token": token, "role": "employer", "email": "", "employer_id": "", "new_employer_name": "",
            "student_external_id": ""}
    data.update(fields)
    return client.post("/intermediary/invitations", data=data)


def link_in(page: str) -> str:
    match = re.search(r'value="(http://localhost/invitations/[^"]+)"', page)
    assert match, "the link is shown once"
    return match.group(1).removeprefix("http://localhost")


def accept(client, path, **fields):
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    data = {"csrf_token": token, "name": "Pat Rivera", "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    data.update(fields)
    return client.post(path, data=data)


def test_an_employer_invitation_is_emailed_shown_once_and_stored_only_as_a_hash(client, signed_in, make_employer,
                                                                                session, app):
    signed_in(Role.INTERMEDIARY)
    employer = make_employer(name="Valley Vet")
    response = invite(client, email="Pat@Example.org", employer_id=str(employer.id))
    assert response.status_code == 200
    path = link_in(response.get_data(as_text=True))
    token = path.rsplit("/", 1)[1]
    invitation = session.scalar(sa.select(Invitation))
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash and invitation.email == "pat@example.org"
    message = session.scalar(sa.select(OutboxMessage))
    assert message.to_address == "pat@example.org" and path not in message.body and token not in message.body
    assert message.sealed is None  # the sealed link is erased once the e-mail has gone (into the mail folder)
    assert path in (Path(app.config["MAIL_DIR"]) / f"{message.id:08d}.eml").read_text()
    assert token not in client.get("/intermediary/invitations").get_data(as_text=True)
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.action == "invitation.created"))


def test_accepting_sets_the_password_signs_in_and_the_link_works_only_once(client, signed_in, make_employer,
                                                                           session, app):
    signed_in(Role.INTERMEDIARY)
    employer = make_employer()
    path = link_in(invite(client, email="pat@example.org", employer_id=str(employer.id)).get_data(as_text=True))
    visitor = app.test_client()
    response = accept(visitor, path)
    assert response.status_code == 302
    user = session.scalar(sa.select(User).where(User.email == "pat@example.org"))
    assert user.role is Role.EMPLOYER and user.employer_id == employer.id
    assert visitor.get("/employer/").status_code == 200
    assert app.test_client().get(path).status_code == 404


def test_an_expired_or_unknown_link_answers_404(client, signed_in, make_employer, session):
    signed_in(Role.INTERMEDIARY)
    path = link_in(invite(client, email="pat@example.org", employer_id=str(make_employer().id))
                   .get_data(as_text=True))
    invitation = session.scalar(sa.select(Invitation))
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert client.get(path).status_code == 404
    assert client.get("/invitations/not-a-token").status_code == 404


def test_a_short_or_mismatched_password_is_shown_beside_its_field_and_nothing_is_created(client, signed_in,
                                                                                      make_employer, session, app):
    signed_in(Role.INTERMEDIARY)
    path = link_in(invite(client, email="pat@example.org", employer_id=str(make_employer().id))
                   .get_data(as_text=True))
    visitor = app.test_client()
    response = accept(visitor, path, password="short", confirm_password="short")
    assert response.status_code == 422 and 'id="password-error"' in response.get_data(as_text=True)
    response = accept(visitor, path, confirm_password="something else entirely")
    assert response.status_code == 422 and 'id="confirm_password-error"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(User).where(User.email == "pat@example.org")) is None
    assert visitor.get(path).status_code == 200  # still usable


def test_a_new_employer_can_be_created_with_the_invitation(client, signed_in, session):
    signed_in(Role.INTERMEDIARY)
    invite(client, email="owner@farm.example.org", new_employer_name="Sunrise Farm")
    assert session.scalar(sa.select(Employer.name)) == "Sunrise Farm"


def test_a_student_invitation_links_the_account_to_the_students_record(client, signed_in, make_student, session,
                                                                       app):
    signed_in(Role.INTERMEDIARY)
    student = make_student(external_id="1234567890")
    path = link_in(invite(client, role="student", email="kid@school.example.org",
                          student_external_id="1234567890").get_data(as_text=True))
    visitor = app.test_client()
    assert accept(visitor, path).status_code == 302
    session.expire_all()
    assert session.get(StudentProfile, student.id).user.email == "kid@school.example.org"
    assert visitor.get("/student/profile").status_code == 200


@pytest.mark.parametrize("fields, field", [
    ({"email": "not-an-email"}, "email"),
    ({"email": "x@example.org"}, "employer_id"),
    ({"role": "student", "email": "x@example.org", "student_external_id": "nobody"}, "student_external_id"),
])
def test_bad_invitations_are_refused_beside_their_field_and_nothing_is_sent(client, signed_in, session, fields,
                                                                           field):
    signed_in(Role.INTERMEDIARY)
    response = invite(client, **fields)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Invitation.id))) == 0
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_an_existing_account_cannot_be_invited_again(client, signed_in, make_employer):
    user = signed_in(Role.INTERMEDIARY)
    response = invite(client, email=user.email, employer_id=str(make_employer().id))
    assert response.status_code == 422 and "already exists" in response.get_data(as_text=True)


def test_an_employer_of_another_consortium_cannot_be_chosen(client, signed_in, make_employer, make_consortium):
    signed_in(Role.INTERMEDIARY)
    theirs = make_employer(consortium_id=make_consortium().id)
    assert invite(client, email="x@example.org", employer_id=str(theirs.id)).status_code == 422
