"""Outgoing e-mail through the outbox table.

Messages are added to the outbox in the transaction of the change that causes them (so a rolled-back
publish sends nothing), then delivered: by SMTP when a mail server is configured; otherwise written to
the log and kept as ``logged`` for staff to read in the application.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Callable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import OutboxMessage, OutboxStatus
from wbl_match.models.base import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send e-mail; ``server`` None means "write to the log"."""

    server: str | None = None
    port: int = 587
    username: str | None = None
    password: str | None = None
    use_tls: bool = True
    sender: str = "wbl_match <no-reply@localhost>"

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> "MailSettings":
        """Read the ``MAIL_*`` settings of an application configuration."""
        return cls(server=config.get("MAIL_SERVER"), port=int(config.get("MAIL_PORT") or 587),
                   username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
                   use_tls=bool(config.get("MAIL_USE_TLS", True)),
                   sender=config.get("MAIL_FROM") or cls.sender)


#: Where a message's one-time link goes in its stored body; the link itself is made only as it is sent.
LINK_PLACEHOLDER = "{link}"
#: Makes the link of a message: ``(session, link_ref) -> link text``, by ``link_kind``.
LinkMakers = Mapping[str, Callable[[Session, int], str]]


def queue_message(session: Session, consortium_id: int, to_address: str, subject: str, body: str, *,
                  link_kind: str | None = None, link_ref: int | None = None) -> OutboxMessage:
    """Add a pending message to the outbox (the caller's transaction commits it).

    With ``link_kind``, ``body`` holds ``{link}`` where a one-time link goes; the link is made at delivery
    by the ``links`` given to ``deliver_pending``, so the outbox never stores it.
    """
    if link_kind is not None and LINK_PLACEHOLDER not in body:
        raise ValueError("a message with a link needs {link} in its body")
    message = OutboxMessage(consortium_id=consortium_id, to_address=to_address, subject=subject[:300], body=body,
                            status=OutboxStatus.PENDING, attempts=0, link_kind=link_kind, link_ref=link_ref)
    session.add(message)
    return message


def _body(session: Session, message: OutboxMessage, links: LinkMakers) -> str:
    """The text to send: the stored body, with its one-time link made now when it has one."""
    if message.link_kind is None:
        return message.body
    maker = links.get(message.link_kind)
    link = maker(session, message.link_ref) if maker else "(the link could not be made: ask for a new one)"
    return message.body.replace(LINK_PLACEHOLDER, link)


def deliver_pending(session: Session, settings: MailSettings, *, limit: int = 1000,
                    links: LinkMakers | None = None) -> dict[str, int]:
    """Deliver pending messages (oldest first); return how many were sent, logged and failed.

    ``links`` make the one-time links of messages that carry one (see ``queue_message``).
    """
    counts = {"sent": 0, "logged": 0, "failed": 0}
    pending = session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.PENDING).order_by(OutboxMessage.id).limit(limit)).all()
    if not pending:
        return counts
    bodies = {message.id: _body(session, message, links or {}) for message in pending}
    if settings.server is None:
        for message in pending:
            log.info("e-mail to %s: %s\n%s", message.to_address, message.subject, bodies[message.id])
            message.status, message.sent_at = OutboxStatus.LOGGED, utcnow()
            counts["logged"] += 1
    else:
        _send_all(pending, settings, counts, bodies)
    session.commit()
    return counts


def _send_all(pending: list[OutboxMessage], settings: MailSettings, counts: dict[str, int],
              bodies: dict[int, str]) -> None:
    try:
        with smtplib.SMTP(settings.server, settings.port, timeout=20) as smtp:
            if settings.use_tls:
                smtp.starttls()
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for message in pending:
                _send_one(smtp, message, settings, counts, bodies[message.id])
    except (OSError, smtplib.SMTPException) as error:  # server unreachable: try again later
        for message in pending:
            if message.status is OutboxStatus.PENDING:
                _failed(message, f"{type(error).__name__}: {error}", counts)


def _send_one(smtp, message: OutboxMessage, settings: MailSettings, counts: dict[str, int], body: str) -> None:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = settings.sender, message.to_address, message.subject
    email.set_content(body)
    message.attempts += 1
    try:
        smtp.send_message(email)
    except smtplib.SMTPException as error:
        _failed(message, f"{type(error).__name__}: {error}", counts, counted=True)
        return
    message.status, message.sent_at, message.error = OutboxStatus.SENT, utcnow(), None
    counts["sent"] += 1


def _failed(message: OutboxMessage, error: str, counts: dict[str, int], counted: bool = False) -> None:
    if not counted:
        message.attempts += 1
    message.error = error[:1000]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    counts["failed"] += 1


def outbox_page(session: Session, consortium_id: int, *, page: int = 1, per_page: int = 50):
    """The consortium's messages, newest first: ``(messages, total)``."""
    where = OutboxMessage.consortium_id == consortium_id
    total = session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(where)) or 0
    messages = session.scalars(sa.select(OutboxMessage).where(where).order_by(OutboxMessage.id.desc())
                               .offset((max(page, 1) - 1) * per_page).limit(per_page)).all()
    return list(messages), total
