"""The audit trail and the outgoing e-mail outbox."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wbl_match.models.base import Base, Timestamp, enum_column, utcnow
from wbl_match.models.enums import OutboxStatus


class AuditEvent(Base):
    """Who did what to which record, and when. Written in the same transaction as the change."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    #: NULL for the system itself (seeding, background jobs without a requester).
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: Verb phrase, e.g. ``slot.created``, ``round.published``, ``user.logged_in``.
    action: Mapped[str] = mapped_column(sa.String(80))
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[Optional[int]] = mapped_column(sa.Integer)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, index=True)


class OutboxMessage(Base):
    """An e-mail waiting to be sent (or, without SMTP, written to the log and kept for staff to read)."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, "outbox_status"),
                                                 default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(sa.Integer, default=0)
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: A one-time link the message carries, made only as it is sent (never stored in ``body``, which holds
    #: ``{link}`` in its place): the kind of link, and the row it is for (e.g. a password reset's id).
    link_kind: Mapped[Optional[str]] = mapped_column(sa.String(40))
    link_ref: Mapped[Optional[int]] = mapped_column(sa.Integer)
