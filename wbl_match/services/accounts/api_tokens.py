"""API tokens: stored only as a SHA-256 hash, resolved on every API call.

Staff tokens are created and revoked by staff and act for the consortium. A personal token is an employer's
or a student's own (``create_personal_token``): it acts as that user, sees only what they see, and stops
working when the user is deactivated or changes role.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import ApiToken, Role, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refusal

#: Roles a staff token may carry (the table's CHECK says the same).
TOKEN_ROLES = (Role.ADMIN, Role.INTERMEDIARY)
#: Roles whose users may hold a personal token.
PERSONAL_ROLES = (Role.EMPLOYER, Role.STUDENT)
TOKEN_PREFIX = "wbl_"
#: ``last_used_at`` is refreshed at most this often, so that reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Refusal, ValueError):
    """A token request that cannot be carried out; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, {field: [message]})
        self.status = 422


@dataclass(frozen=True)
class TokenPrincipal:
    """Who calls the API with a token: its consortium and role, like a signed-in user."""

    token_id: int
    consortium_id: int
    role: Role
    name: str
    is_authenticated: bool = True
    #: A personal token's user (None for a staff token).
    user: User | None = field(default=None, compare=False)

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    @property
    def id(self) -> int | None:
        """A staff token is not a person: services record its changes with no user as the actor. A personal
        token acts as its user."""
        return self.user.id if self.user is not None else None

    @property
    def employer_id(self) -> int | None:
        return self.user.employer_id if self.user is not None else None

    @property
    def actor(self) -> "User | TokenPrincipal":
        """Whom services see acting: a personal token's user, or the staff token itself."""
        return self.user if self.user is not None else self


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_token(session: Session, actor: User, name: str, role: Role) -> tuple[ApiToken, str]:
    """Create a token for the actor's consortium; returns the row and the token, which is never stored.

    An intermediary may only create intermediary tokens: a token never carries more than its creator.
    """
    name = (name or "").strip()
    if not name:
        raise TokenError("name", "Give the token a name, e.g. the system that will use it.")
    if len(name) > 120:
        raise TokenError("name", "Use at most 120 characters.")
    if role not in TOKEN_ROLES:
        raise TokenError("role", "A token is for an administrator or an intermediary.")
    if role is Role.ADMIN and actor.role is not Role.ADMIN:
        raise TokenError("role", "Only an administrator can create an administrator token.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(consortium_id=actor.consortium_id, name=name, role=role, prefix=token[:12],
                   token_hash=hash_token(token), created_by_id=actor.id)
    session.add(row)
    session.flush()
    record_event(session, actor, "api_token.created", row, role=role.value)
    session.commit()
    return row, token


def create_personal_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """An employer's or a student's own token, acting as them; returns the row and the token (never stored)."""
    name = (name or "").strip()
    if not name:
        raise TokenError("name", "Give the token a name, e.g. the app that will use it.")
    if len(name) > 120:
        raise TokenError("name", "Use at most 120 characters.")
    if user.role not in PERSONAL_ROLES or not user.is_active:
        raise TokenError("role", "A personal token is for an employer's or a student's active account.")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(consortium_id=user.consortium_id, name=name, role=user.role, prefix=token[:12],
                   token_hash=hash_token(token), created_by_id=user.id, user_id=user.id)
    session.add(row)
    session.flush()
    record_event(session, user, "api_token.created", row, role=user.role.value, personal=True)
    session.commit()
    return row, token


def revoke_api_token(session: Session, actor: User, token: ApiToken) -> None:
    """Revoke a token of the actor's consortium; it stops working at once. Revoking twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    record_event(session, actor, "api_token.revoked", token)
    session.commit()


def consortium_tokens(session: Session, consortium_id: int) -> list[ApiToken]:
    """The consortium's tokens, newest first, revoked ones included (so the list tells the history)."""
    return list(session.scalars(sa.select(ApiToken).where(ApiToken.consortium_id == consortium_id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def personal_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's own tokens, newest first, revoked ones included."""
    return list(session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def resolve_api_token(session: Session, token: str) -> TokenPrincipal | None:
    """The principal of a valid, unrevoked token, or None."""
    row = session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is not None and last.tzinfo is None:  # SQLite returns naive datetimes
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or now - last > LAST_USED_RESOLUTION:
        row.last_used_at = now
        session.commit()
    user = None
    if row.user_id is not None:
        user = session.get(User, row.user_id)
        if user is None or not user.is_active or user.role is not row.role \
                or user.consortium_id != row.consortium_id:
            return None
    return TokenPrincipal(token_id=row.id, consortium_id=row.consortium_id, role=row.role, name=row.name, user=user)
