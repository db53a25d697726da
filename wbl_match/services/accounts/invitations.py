"""Invitations: the intermediary invites an employer or a student; the person sets a password through the link.

The token is only ever in the link; the database keeps its SHA-256. A link works once and expires.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.languages import DEFAULT_LANGUAGE
from wbl_match.models import Employer, Invitation, Role, StudentProfile, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.services.accounts.users import AccountError, check_new_password, find_user_by_email, normalise_email
from wbl_match.services.audit import record_event
from wbl_match.services.outbox import family_mail
from wbl_match.services.errors import Collector, FieldErrors, Refused, rolls_back_refusals
from wbl_match.services.outbox.messages import queue_text

VALID_FOR = timedelta(days=7)
INVITABLE_ROLES = (Role.EMPLOYER, Role.STUDENT)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class InvitationRequest:
    role: Role
    email: str
    employer_id: int | None = None
    new_employer_name: str | None = None
    student_external_id: str | None = None


@dataclass(frozen=True)
class CreatedInvitation:
    invitation: Invitation
    #: The link with the token: shown once to the intermediary and e-mailed; never stored.
    link: str


def _resolve_target(session: Session, actor: User, request: InvitationRequest, errors: Collector):
    if request.role is Role.EMPLOYER:
        if request.employer_id:
            employer = session.get(Employer, request.employer_id)
            if employer is None or employer.consortium_id != actor.consortium_id:
                errors.add("employer_id", "Choose an employer from the list.")
            return employer, None
        if not (request.new_employer_name or "").strip():
            errors.add("employer_id", "Choose the employer, or type the name of a new one.")
        return None, None
    student = session.scalar(sa.select(StudentProfile).where(
        StudentProfile.consortium_id == actor.consortium_id,
        StudentProfile.external_id == (request.student_external_id or "").strip()))
    if student is None:
        errors.add("student_external_id", "No student of your consortium has this student ID.")
    elif student.withdrawn_at is not None:
        errors.add("student_external_id", "This student is withdrawn: reinstate them on their page first.")
    elif student.user_id is not None and student.user.is_active:
        errors.add("student_external_id", "This student has an account already.")
    return None, student


def _own_closed_account(session: Session, email: str, student_id: int | None) -> User | None:
    """The switched-off account of the invited student under this e-mail (a reinstated student invited again)."""
    user = find_user_by_email(session, email)
    if user is None or user.is_active or student_id is None:
        return None
    student = session.get(StudentProfile, student_id)
    return user if student is not None and student.user_id == user.id else None


@rolls_back_refusals
def create_invitation(session: Session, actor: User, request: InvitationRequest,
                      make_link: Callable[[str], str]) -> CreatedInvitation:
    """Invite an employer's or a student's person; queues the e-mail with the link in the outbox."""
    errors = Collector()
    email = normalise_email(request.email)
    if request.role not in INVITABLE_ROLES:
        errors.add("role", "Invite an employer or a student.")
    if "@" not in email:
        errors.add("email", "Enter an e-mail address like name@example.org.")
    employer, student = _resolve_target(session, actor, request, errors) if request.role in INVITABLE_ROLES \
        else (None, None)
    if "@" in email and find_user_by_email(session, email) is not None \
            and _own_closed_account(session, email, student.id if student else None) is None:
        errors.add("email", "An account with this e-mail already exists.")
    errors.raise_if_any()
    if request.role is Role.EMPLOYER and employer is None:
        employer = Employer(consortium_id=actor.consortium_id, name=request.new_employer_name.strip())
        session.add(employer)
        session.flush()
        record_event(session, actor, "employer.created", employer)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(consortium_id=actor.consortium_id, email=email, role=request.role,
                            employer_id=employer.id if employer else None, student_id=student.id if student else None,
                            token_hash=hash_token(token), expires_at=utcnow() + VALID_FOR, created_by_id=actor.id)
    session.add(invitation)
    session.flush()
    link = make_link(token)
    # The outbox keeps the message without the link: it is sealed, and put in only as the e-mail goes out;
    # a student reads it in their language, and the link opens in it.
    language = family_mail.language_of_student(student) if student is not None else DEFAULT_LANGUAGE
    opens_in = f"{link}?lang={language}" if student is not None and student.language else link
    queue_text(session, actor.consortium_id, email,
               family_mail.invitation(actor.name, actor.consortium.name, invitation.role is Role.EMPLOYER,
                                      invitation.expires_at, language), secret=opens_in)
    record_event(session, actor, "invitation.created", invitation, role=request.role.value)
    session.commit()
    return CreatedInvitation(invitation, link)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def find_invitation(session: Session, token: str) -> Invitation | None:
    """The unused, unexpired invitation of this token, or None."""
    invitation = session.scalar(sa.select(Invitation).where(Invitation.token_hash == hash_token(token or "")))
    if invitation is None or invitation.used_at is not None or utcnow() >= _aware(invitation.expires_at):
        return None
    return invitation


@rolls_back_refusals
def accept_invitation(session: Session, passwords: Passwords, token: str, name: str, password: str,
                      confirmation: str) -> User:
    """Create the invited person's account with their password; the link stops working."""
    invitation = find_invitation(session, token)
    if invitation is None:
        raise Refused("This invitation link has expired or has been used. Ask your coordinator for a new one.")
    errors = Collector()
    if not (name or "").strip():
        errors.add("name", "Enter your name.")
    try:
        check_new_password(password, confirmation, (invitation.email, name or ""))
    except AccountError as problem:
        errors.add({"new_password": "password", "confirm_password": "confirm_password"}[problem.field],
                   problem.message)
    reopened = _own_closed_account(session, invitation.email, invitation.student_id)
    if reopened is None and find_user_by_email(session, invitation.email) is not None:
        errors.add("name", "An account with this e-mail exists already. Sign in instead.")
    errors.raise_if_any()
    # Claim the link first with a conditional update, so two simultaneous submissions cannot both use it.
    claimed = session.execute(sa.update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
                              .values(used_at=utcnow()))
    if claimed.rowcount != 1:
        session.rollback()
        raise Refused("This invitation link has expired or has been used. Ask your coordinator for a new one.")
    if reopened is not None:
        # A reinstated student invited again under their old e-mail: their account is switched back on.
        user = reopened
        user.name, user.password_hash, user.is_active = name.strip(), passwords.hash(password), True
        user.session_version += 1
        session.flush()
        record_event(session, user, "invitation.accepted", invitation)
        record_event(session, user, "user.reactivated", user, via="invitation")
        session.commit()
        return user
    user = User(consortium_id=invitation.consortium_id, email=invitation.email, name=name.strip(),
                role=invitation.role, employer_id=invitation.employer_id, password_hash=passwords.hash(password),
                session_version=1, is_active=True)
    session.add(user)
    session.flush()
    if invitation.student_id is not None:
        # Replaces a switched-off account of a reinstated student, if any (it stays off, unlinked).
        session.get(StudentProfile, invitation.student_id).user_id = user.id
    record_event(session, user, "invitation.accepted", invitation)
    record_event(session, user, "user.created", user, role=user.role.value, via="invitation")
    session.commit()
    return user


__all__ = ["FieldErrors", "Refused", "InvitationRequest", "CreatedInvitation", "create_invitation",
           "accept_invitation", "find_invitation", "hash_token"]
