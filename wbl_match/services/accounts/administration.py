"""Administrators look after their consortium's accounts: invite staff, deactivate, reactivate, reset access.

Every change ends the person's sessions where it must and is audited. An administrator cannot lock
themselves out (deactivate or reset their own account), nor leave the consortium without an active
administrator.
"""
from __future__ import annotations

from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import Role, User
from wbl_match.passwords import Passwords
from wbl_match.services.accounts.recovery import start_reset
from wbl_match.services.accounts.users import AccountError, NewUser, create_user
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused, rolls_back_refusals

#: Roles an administrator invites here (employers' people and students are invited by coordinators).
STAFF_ROLES = (Role.INTERMEDIARY, Role.ADMIN)


@rolls_back_refusals
def invite_staff(session: Session, passwords: Passwords, actor: User, email: str, name: str, role: Role,
                 make_link: Callable[[str], str]) -> User:
    """Create a coordinator's or administrator's account without a password and e-mail them a link to choose one."""
    if role not in STAFF_ROLES:
        raise AccountError("role", "Invite coordinators and administrators here; coordinators invite employers "
                                   "and students.")
    if not (name or "").strip():
        raise AccountError("name", "Give the person's name.")
    user = create_user(session, passwords, actor, NewUser(consortium_id=actor.consortium_id, email=email,
                                                          name=name, role=role))
    start_reset(session, user, make_link, actor, purpose="invited")
    session.commit()
    return user


def _not_self(actor: User, user: User, what: str) -> None:
    if user.id == actor.id:
        raise Refused(f"You cannot {what} your own account; ask another administrator.")


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(sa.select(sa.func.count(User.id)).where(
        User.consortium_id == user.consortium_id, User.role == Role.ADMIN, User.is_active.is_(True),
        User.id != user.id)) or 0


@rolls_back_refusals
def deactivate(session: Session, actor: User, user: User) -> None:
    """Switch an account off: signed out everywhere, and no sign-in or password reset until reactivated."""
    _not_self(actor, user, "deactivate")
    if not user.is_active:
        raise Refused("This account is already deactivated.")
    if user.role is Role.ADMIN and _other_active_admins(session, user) == 0:
        raise Refused("The consortium needs at least one active administrator.")
    user.is_active = False
    user.session_version += 1
    record_event(session, actor, "user.deactivated", user)
    session.commit()


@rolls_back_refusals
def reactivate(session: Session, actor: User, user: User) -> None:
    """Switch an account back on; its password (if it has one) works again."""
    if user.is_active:
        raise Refused("This account is already active.")
    user.is_active = True
    record_event(session, actor, "user.reactivated", user)
    session.commit()


@rolls_back_refusals
def reset_access(session: Session, actor: User, user: User, make_link: Callable[[str], str]) -> None:
    """The person's password stops working and their sessions end; a link to choose a new one is e-mailed."""
    _not_self(actor, user, "reset access to")
    if not user.is_active:
        raise Refused("Reactivate the account first.")
    user.password_hash = None
    user.session_version += 1
    start_reset(session, user, make_link, actor, purpose="reset")
    record_event(session, actor, "user.access_reset", user)
    session.commit()


def deactivate_consequences(user: User) -> list[str]:
    return [f"{user.name} is signed out everywhere and cannot sign in, nor ask for a new password.",
            "Nothing they did is removed; their records stay as they are.",
            "You can reactivate the account at any time; their password then works again."]


def reset_consequences(user: User) -> list[str]:
    return [f"{user.name}'s password stops working at once and they are signed out everywhere.",
            f"An e-mail to {user.email} brings a link to choose a new password, working once within the hour."]
