"""Recovering an account without staff help: "forgot password" by an e-mailed one-time link.

Asking says the same whatever the e-mail (no account enumeration) and is limited per account; the page's
own rate limit counts per address. The reset keeps only the token's SHA-256; the e-mail's link is sealed in
the outbox (``outbox.sealing``) and put into the message only as it is sent, so no page, log or readable
column holds it. A link works once, for ``RESET_VALID``, and only the newest one of a person.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import PasswordReset, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.services.accounts.invitations import hash_token
from wbl_match.services.accounts.users import AccountError, check_new_password, find_user_by_email
from wbl_match.services.audit import record_event
from wbl_match.services.errors import rolls_back_refusals
from wbl_match.services.outbox.messages import queue_message
from wbl_match.services.outbox.templates import SECRET_PLACEHOLDER

RESET_VALID = timedelta(hours=1)
#: Requests kept per account and hour; more are quietly dropped (the page says the same).
MAX_PER_HOUR = 3


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


#: How long the first link of an invited person works (they may not read their e-mail at once).
INVITE_VALID = timedelta(days=7)
#: Why the e-mail is sent: (subject, opening words, how long the link works).
PURPOSES = {
    "asked": ("Choose a new password for WBL Match",
              "Someone (we hope you) asked to choose a new password for WBL Match.", "within the hour"),
    "reset": ("Choose a new password for WBL Match",
              "An administrator of WBL Match reset your access: your old password no longer works.", "within the hour"),
    "invited": ("You are invited to WBL Match",
                "An administrator invited you to WBL Match, where your consortium matches students with "
                "work-based learning placements.", "within 7 days"),
}


def _body(user: User, purpose: str) -> str:
    _, why, within = PURPOSES[purpose]
    return (f"Hello {user.name},\n\n{why} To choose your password, open this link {within}:\n\n"
            f"  {SECRET_PLACEHOLDER}\n\nIt works once. If you did not expect this e-mail, you can ignore it.\n")


def start_reset(session: Session, user: User, make_link: Callable[[str], str], actor: User | None = None,
                now: datetime | None = None, purpose: str = "asked") -> PasswordReset:
    """Queue a reset e-mail for ``user`` within the caller's transaction (the caller commits).

    ``make_link`` turns the one-time token into the page's address; the token itself is kept nowhere.
    """
    now = now or utcnow()
    valid = INVITE_VALID if purpose == "invited" else RESET_VALID
    token = secrets.token_urlsafe(32)
    reset = PasswordReset(consortium_id=user.consortium_id, user_id=user.id, created_at=now,
                          expires_at=now + valid, created_by_id=actor.id if actor else None,
                          token_hash=hash_token(token))
    session.add(reset)
    session.flush()
    queue_message(session, user.consortium_id, user.email, PURPOSES[purpose][0], _body(user, purpose),
                  secret=make_link(token))
    record_event(session, actor, "user.password_reset_requested", user, purpose=purpose)
    return reset


def request_reset(session: Session, email: str, make_link: Callable[[str], str], now: datetime | None = None) -> None:
    """Someone asks for a reset link for ``email``: sent if an active account has it and has not asked too often.

    Returns nothing either way, so that the answer never tells whether the account exists.
    """
    now = now or utcnow()
    user = find_user_by_email(session, email or "")
    if user is None or not user.is_active:
        return
    recent = session.scalar(sa.select(sa.func.count(PasswordReset.id)).where(
        PasswordReset.user_id == user.id, PasswordReset.created_at > now - timedelta(hours=1)))
    if recent >= MAX_PER_HOUR:
        return
    start_reset(session, user, make_link, now=now)
    session.commit()


def find_reset(session: Session, token: str | None) -> PasswordReset | None:
    """The open reset of this token: not used, not expired, the newest of its person, the person active."""
    if not token:
        return None
    reset = session.scalar(sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or utcnow() >= _aware(reset.expires_at):
        return None
    newest = session.scalar(sa.select(sa.func.max(PasswordReset.id)).where(PasswordReset.user_id == reset.user_id))
    if newest != reset.id or not reset.user.is_active:
        return None
    return reset


def complete_reset(session: Session, passwords: Passwords, token: str, new: str, confirmation: str) -> User:
    """Set the new password through a reset link; the link and every other open one stop working, and
    every session of the person ends."""
    reset = find_reset(session, token)
    if reset is None:
        raise AccountError("new_password", "This link has expired or has been used. Ask for a new one.")
    check_new_password(new, confirmation)
    user, now = reset.user, utcnow()
    user.password_hash = passwords.hash(new)
    user.session_version += 1
    session.execute(sa.update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now))
    record_event(session, user, "user.password_reset", user)
    session.commit()
    return user
