"""Signing in and out, changing passwords, creating users."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import Role, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refusal

MIN_PASSWORD_LENGTH = 12
#: zxcvbn's score (0-4) a new password needs: 3 is "safely unguessable" (about 10^8 guesses or more).
MIN_PASSWORD_SCORE = 3
#: zxcvbn slows down on long inputs; the first characters decide the score of a long password anyway.
SCORED_LENGTH = 100


class AccountError(Refusal, ValueError):
    """A request about an account that cannot be carried out; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, {field: [message]})
        self.status = 422


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(session: Session, passwords: Passwords, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, recording the sign-in; None otherwise.

    An unknown e-mail costs one hash verification too, so timing does not reveal which e-mails exist.
    """
    user = find_user_by_email(session, email)
    valid = passwords.verify(user.password_hash if user else None, password)
    if user is None or not valid or not user.is_active:
        return None
    user.last_login_at = utcnow()
    record_event(session, user, "user.logged_in", user)
    session.commit()
    return user


def end_sessions(session: Session, user: User) -> None:
    """Sign the user out everywhere: every cookie issued before now stops working."""
    user.session_version += 1
    record_event(session, user, "user.logged_out", user)
    session.commit()


def check_new_password(password: str, confirmation: str, user_inputs: tuple[str, ...] = ()) -> None:
    """A new password must be long and hard to guess (zxcvbn: common passwords, repeats, keyboard runs,
    dates and the person's own e-mail or name are weak), and typed the same twice."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("new_password", f"Use at least {MIN_PASSWORD_LENGTH} characters.")
    from zxcvbn import zxcvbn

    words = [part for text in user_inputs if text for part in [text, *text.replace("@", " ").replace(".", " ").split()]]
    result = zxcvbn(password[:SCORED_LENGTH], user_inputs=words)
    if result["score"] < MIN_PASSWORD_SCORE:
        feedback = result.get("feedback") or {}
        hints = " ".join(part for part in [feedback.get("warning") or "", *(feedback.get("suggestions") or [])] if part)
        raise AccountError("new_password", "This password is too easy to guess; choose one that is harder. "
                           + (hints or "A few uncommon words together make a strong password that is easy to remember."))
    if password != confirmation:
        raise AccountError("confirm_password", "The two new passwords are not the same.")


def change_password(session: Session, passwords: Passwords, user: User, current: str, new: str,
                    confirmation: str) -> None:
    """Set a new password after checking the current one; other sessions of the user end."""
    if not passwords.verify(user.password_hash, current):
        raise AccountError("current_password", "This is not your current password.")
    check_new_password(new, confirmation, (user.email, user.name))
    user.password_hash = passwords.hash(new)
    user.session_version += 1
    record_event(session, user, "user.password_changed", user)
    session.commit()


@dataclass(frozen=True)
class NewUser:
    consortium_id: int
    email: str
    name: str
    role: Role
    password: str | None = None
    employer_id: int | None = None


def create_user(session: Session, passwords: Passwords, actor: User | None, new: NewUser) -> User:
    """Create a user; the e-mail must be unused. Commits."""
    email = normalise_email(new.email)
    if "@" not in email:
        raise AccountError("email", "Enter an e-mail address like name@example.org.")
    if find_user_by_email(session, email) is not None:
        raise AccountError("email", "An account with this e-mail already exists.")
    if new.role is Role.EMPLOYER and new.employer_id is None:
        raise AccountError("employer_id", "An employer account needs its employer.")
    user = User(consortium_id=new.consortium_id, email=email, name=new.name.strip(), role=new.role,
                employer_id=new.employer_id, session_version=1, is_active=True,
                password_hash=passwords.hash(new.password) if new.password else None)
    session.add(user)
    session.flush()
    record_event(session, actor, "user.created", user, role=new.role.value)
    session.commit()
    return user
