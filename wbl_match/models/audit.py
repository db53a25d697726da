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
    """An e-mail waiting to be sent (or, without SMTP, written to the mail folder), kept for staff to read.

    ``body`` never holds a secret: a one-time link is kept sealed in ``sealed`` until the message is sent
    (then erased) and put into the e-mail only as it goes out; the body says where it goes.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_status_next_attempt_at", "status", "next_attempt_at"),
                      sa.CheckConstraint("channel IN ('email', 'sms')", name="channel_known"),
                      sa.CheckConstraint("language IS NULL OR language IN ('en', 'es')", name="language_known"))

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
    #: The page the message is about (a path such as ``/student/placements/3``); the e-mail links to it.
    link_path: Mapped[Optional[str]] = mapped_column(sa.String(300))
    #: The message's secret (a one-time link), sealed with the service's key; erased once sent.
    sealed: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: When delivery is (next) due; NULL means now. Also a lease while one worker sends it.
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: ``email`` (``to_address`` is an e-mail address) or ``sms`` (a telephone number, sent as a text).
    channel: Mapped[str] = mapped_column(sa.String(10), default="email", server_default="email")
    #: The reader's language (``en``/``es``), for the words added as it goes out; None: English.
    language: Mapped[Optional[str]] = mapped_column(sa.String(5))


class ReminderSent(Base):
    """A reminder that was sent, once: ``key`` names the person, the event and the threshold
    (``ranking:round=3:student=7:3d``); its uniqueness keeps two workers from both sending it."""

    __tablename__ = "reminders_sent"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: The student reminded (None for a consortium's daily run of the after-match reminders).
    student_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                                      index=True)
    #: How many messages it queued (e-mail and text).
    messages: Mapped[int] = mapped_column(sa.Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
