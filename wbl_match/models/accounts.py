"""Tenants and the people who sign in: consortia, users, invitations, API tokens."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, enum_column, utcnow
from wbl_match.models.enums import Role


class Consortium(Base):
    """A regional intermediary and its partners: the tenant every record belongs to."""

    __tablename__ = "consortia"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Short unique name used in URLs and exports, e.g. ``south-valley``.
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    region: Mapped[Optional[str]] = mapped_column(sa.String(200))
    #: Coordinators and administrators must sign in in two steps (a code from an authenticator app).
    staff_two_step_required: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class User(Base):
    """A person who signs in. Employers' users point to their employer, students' to their profile."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("(role = 'employer') = (employer_id IS NOT NULL)", name="employer_role_has_employer"),
        sa.CheckConstraint("session_version >= 1", name="session_version_positive"),
        sa.UniqueConstraint("id", "consortium_id", name="uq_users_id_consortium"),
        sa.CheckConstraint("language IS NULL OR language IN ('en', 'es')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    #: Lower-cased e-mail address, unique across the service.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    #: argon2id hash; NULL until the person sets a password through an invitation.
    password_hash: Mapped[Optional[str]] = mapped_column(sa.String(255))
    #: Bumped by logout and password change, so that copied session cookies stop working.
    session_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    employer_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    is_active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: The language of the person's pages (``en``/``es``); None: the switch's or the browser's. A student's
    #: language is kept on their profile instead (``StudentProfile.language``).
    language: Mapped[Optional[str]] = mapped_column(sa.String(5))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)

    consortium: Mapped[Consortium] = relationship()
    employer: Mapped[Optional["Employer"]] = relationship(back_populates="users")  # noqa: F821
    student: Mapped[Optional["StudentProfile"]] = relationship(  # noqa: F821
        back_populates="user", foreign_keys="StudentProfile.user_id")

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The login id carries the session version: bumping it invalidates every earlier cookie."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class Invitation(Base):
    """A single-use, expiring link that lets a person create their account and set a password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[Role] = mapped_column(enum_column(Role, "invitation_role"))
    employer_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("employers.id"))
    student_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("student_profiles.id"))
    #: SHA-256 of the token; the token itself is only ever in the link sent to the person.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    used_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)


class ApiToken(Base):
    """A bearer token for the REST API, scoped to one consortium and one role; revocable.

    A staff token (administrator, intermediary) acts for the consortium; an employer's or a student's token
    is personal: it belongs to one user (``user_id``), acts as that user and sees only what they see.
    """

    __tablename__ = "api_tokens"
    __table_args__ = (sa.CheckConstraint("(role IN ('admin', 'intermediary') AND user_id IS NULL) OR "
                                         "(role IN ('employer', 'student') AND user_id IS NOT NULL)",
                                         name="api_token_role_and_owner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "api_token_role"))
    #: First characters of the token, shown in the UI so people can tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(12))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    #: The employer's or student's own token: the user it acts as (None for a staff token).
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    last_used_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)


class PasswordReset(Base):
    """A request to choose a new password through an e-mailed one-time link.

    The link's token is made as the e-mail is sent (``services.accounts.recovery``); only its SHA-256 is
    kept, and only once it exists. A reset works once and until ``expires_at``.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[Optional[str]] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    used_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The administrator who reset the person's access (None: the person asked themselves).
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class TwoStepCredential(Base):
    """A person's authenticator app: the TOTP secret (sealed), switched on once a code from it was confirmed.

    ``last_step`` is the 30-second time step of the last code accepted, so that no code is accepted twice.
    """

    __tablename__ = "two_step_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: The base32 secret, sealed (Fernet) under a key derived from ``SECRET_KEY``; never stored in plain text.
    secret_sealed: Mapped[str] = mapped_column(sa.String(255))
    #: None while the person is enrolling (the secret is shown, no code from it confirmed yet).
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    last_step: Mapped[Optional[int]] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    user: Mapped[User] = relationship()


class RecoveryCode(Base):
    """One of a person's one-time recovery codes, kept as a salted hash; used once, then spent."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    salt: Mapped[str] = mapped_column(sa.String(32))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
