"""Queuing e-mail and text messages in the outbox table, and the outbox as staff read it.

Messages are added to the outbox in the transaction of the change that causes them (so a rolled-back
publish sends nothing); ``delivery`` sends them once that transaction commits. A message's secret (a
one-time link) is sealed apart from its body (``sealing``), so the outbox page never shows it.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import OutboxMessage, OutboxStatus
from wbl_match.services.outbox.sealing import seal
from wbl_match.services.outbox.templates import CHANNEL_EMAIL, CHANNEL_SMS, SECRET_PLACEHOLDER, Text


def queue_message(session: Session, consortium_id: int, to_address: str, subject: str, body: str, *,
                  link_path: str | None = None, secret: str | None = None, channel: str = CHANNEL_EMAIL,
                  language: str | None = None) -> OutboxMessage:
    """Add a pending message to the outbox (the caller's transaction commits it).

    ``secret`` (a one-time link) goes where the body holds ``SECRET_PLACEHOLDER``; it is kept sealed.
    """
    if (secret is not None) != (SECRET_PLACEHOLDER in body):
        raise ValueError("a message's secret goes where its body holds the placeholder, and only there")
    message = OutboxMessage(consortium_id=consortium_id, to_address=to_address, subject=subject[:300], body=body,
                            status=OutboxStatus.PENDING, attempts=0, link_path=link_path,
                            sealed=seal(secret) if secret is not None else None, channel=channel,
                            language=language)
    session.add(message)
    return message


def queue_text(session: Session, consortium_id: int, to_address: str, text: Text, *,
               secret: str | None = None) -> OutboxMessage:
    """Queue one of ``templates``' texts."""
    return queue_message(session, consortium_id, to_address, text.subject, text.body, link_path=text.link_path,
                         secret=secret, language=text.language)


def queue_sms(session: Session, consortium_id: int, number: str, text: Text) -> OutboxMessage:
    """Queue a text message to ``number`` (E.164): ``text.body`` is what it says, ``text.subject`` what the
    outbox page lists it as. Never a secret: a one-time link goes by e-mail only."""
    if SECRET_PLACEHOLDER in text.body:
        raise ValueError("a one-time link never goes by text message")
    return queue_message(session, consortium_id, number, text.subject, text.body, link_path=text.link_path,
                         channel=CHANNEL_SMS, language=text.language)


def outbox_page(session: Session, consortium_id: int, *, page: int = 1, per_page: int = 50):
    """The consortium's messages, newest first: ``(messages, total)``."""
    where = OutboxMessage.consortium_id == consortium_id
    total = session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(where)) or 0
    messages = session.scalars(sa.select(OutboxMessage).where(where).order_by(OutboxMessage.id.desc())
                               .offset((max(page, 1) - 1) * per_page).limit(per_page)).all()
    return list(messages), total


def failing_count(session: Session, consortium_id: int) -> int:
    """How many of the consortium's messages failed for good, or failed once and wait for another try."""
    return session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
        OutboxMessage.consortium_id == consortium_id,
        sa.or_(OutboxMessage.status == OutboxStatus.FAILED,
               sa.and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.error.is_not(None))))) or 0
