"""Delivering the outbox: every due message is sent (or written to the mail folder), retried with backoff.

E-mail goes to the mail server (or the mail folder); a text message (``channel`` ``sms``) goes to the
text message provider (``wbl_match.sms``), with the same claims, retries and failures.

The application runs ``deliver_due`` as soon as a transaction that queued mail commits, and again on a
periodic sweep (in-process: a mail thread; production: an RQ job, see ``wbl_match.outbox_jobs``). Each
message is claimed with a conditional update before it is sent, so two workers never send it twice; a
claim is a lease, so a worker that dies mid-send leaves the message to be tried again later.

A failed attempt is tried again after 30 s, 1, 2, 4 minutes...; after ``MAX_ATTEMPTS`` the message is
``failed`` and the outbox page offers to resend it. A sent message's sealed secret is erased.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match import sms
from wbl_match.mailer import MailSettings, MessageRefused, build_email, connection
from wbl_match.models import OutboxMessage, OutboxStatus, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused, rolls_back_refusals
from wbl_match.services.outbox.sealing import unseal
from wbl_match.services.outbox.templates import CHANNEL_SMS, render, render_text
from wbl_match.services.outbox.texts import said_stop

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)
#: How long a claimed message is left to the worker sending it before another may try.
LEASE = timedelta(minutes=5)


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 30 s, doubling, at most an hour."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def _due(now: datetime):
    return sa.and_(OutboxMessage.status == OutboxStatus.PENDING,
                   sa.or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))


def next_due_at(session: Session) -> datetime | None:
    """When the next pending message is due (None when nothing waits)."""
    return session.scalar(sa.select(sa.func.min(sa.func.coalesce(OutboxMessage.next_attempt_at, utcnow())))
                          .where(OutboxMessage.status == OutboxStatus.PENDING))


def deliver_due(session: Session, settings: MailSettings, *, limit: int = 200,
                sms_settings: sms.SmsSettings | None = None) -> dict[str, int]:
    """Send every message that is due; returns how many were sent, saved to the folder, retried and failed.

    ``sms_settings``: the text message provider (None: the process's, ``sms.bound()``)."""
    counts = {"sent": 0, "saved": 0, "retrying": 0, "failed": 0}
    now = utcnow()
    ids = session.scalars(sa.select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id)
                          .limit(limit)).all()
    claimed = [i for i in ids if session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == i, _due(now))
        .values(next_attempt_at=now + LEASE)).rowcount == 1]
    session.commit()
    if not claimed:
        return counts
    channels = dict(session.execute(sa.select(OutboxMessage.id, OutboxMessage.channel)
                                    .where(OutboxMessage.id.in_(claimed))).all())
    emails = [i for i in claimed if channels[i] != CHANNEL_SMS]
    texts = [i for i in claimed if channels[i] == CHANNEL_SMS]
    if emails:
        try:
            with connection(settings) as send:
                for message_id in emails:
                    _deliver_one(session, settings, send, session.get(OutboxMessage, message_id), counts)
        except (OSError, smtplib.SMTPException) as error:  # the server is unreachable: every claimed one waits
            _all_wait(session, emails, error, counts)
    if texts:
        text_settings = sms_settings if sms_settings is not None else sms.bound()
        try:
            with sms.connection(text_settings) as send_text:
                for message_id in texts:
                    _deliver_text(session, settings, send_text, session.get(OutboxMessage, message_id), counts)
        except sms.ProviderUnreachable as error:
            _all_wait(session, texts, error, counts)
    return counts


def _all_wait(session: Session, claimed: list[int], error: Exception, counts: dict[str, int]) -> None:
    session.rollback()
    for message_id in claimed:
        message = session.get(OutboxMessage, message_id)
        if message.status is OutboxStatus.PENDING and message.sent_at is None:
            _attempt_failed(message, f"{type(error).__name__}: {error}", counts)
    session.commit()


def _deliver_text(session: Session, settings: MailSettings, send, message: OutboxMessage,
                  counts: dict[str, int]) -> None:
    try:
        send(message.to_address, render_text(message.body, message.link_path, settings.base_url, message.language))
    except sms.TextRefusedForGood as error:
        _attempt_failed(message, str(error), counts, final=True)
        if error.said_stop:  # they replied STOP to the provider: no more texts until they agree again
            said_stop(session, message.consortium_id, message.to_address)
        session.commit()
        return
    except MessageRefused as error:
        _attempt_failed(message, str(error), counts)
        session.commit()
        return
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at, message.error, message.next_attempt_at = utcnow(), None, None
    counts["sent"] += 1
    session.commit()
    log.info("outbox message %s delivered to the text message provider", message.id)


def _deliver_one(session: Session, settings: MailSettings, send, message: OutboxMessage,
                 counts: dict[str, int]) -> None:
    secret = unseal(message.sealed) if message.sealed else None
    if message.sealed and secret is None:
        _attempt_failed(message, "Its one-time link can no longer be read (the service's secret key changed): "
                                 "make a new link.", counts, final=True)
        session.commit()
        return
    text = render(message.body, message.link_path, secret, settings.base_url, message.language)
    email = build_email(settings, message.to_address, message.subject, text)
    try:
        send(email, f"{message.id:08d}")
    except MessageRefused as error:
        _attempt_failed(message, str(error), counts)
        session.commit()
        return
    message.attempts += 1
    message.status = OutboxStatus.SENT if settings.server else OutboxStatus.LOGGED
    message.sent_at, message.error, message.sealed, message.next_attempt_at = utcnow(), None, None, None
    counts["sent" if settings.server else "saved"] += 1
    session.commit()
    log.info("outbox message %s delivered to %s", message.id, "the mail server" if settings.server else
             "the mail folder")


def _attempt_failed(message: OutboxMessage, error: str, counts: dict[str, int], *, final: bool = False) -> None:
    message.attempts += 1
    message.error = error[:1000]
    if final or message.attempts >= MAX_ATTEMPTS:
        message.status, message.next_attempt_at = OutboxStatus.FAILED, None
        counts["failed"] += 1
    else:
        message.next_attempt_at = utcnow() + retry_delay(message.attempts)
        counts["retrying"] += 1
    log.warning("outbox message %s not delivered (attempt %s): %s", message.id, message.attempts,
                error.splitlines()[0][:200] if error else "")


@rolls_back_refusals
def resend(session: Session, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Staff ask for a failed (or retrying) message to be tried again now."""
    if message.consortium_id != actor.consortium_id:
        raise Refused("This message is not one of your consortium's.")
    if message.status is not OutboxStatus.FAILED and not (message.status is OutboxStatus.PENDING and message.error):
        raise Refused("Only a message that failed can be sent again.")
    if message.status is OutboxStatus.FAILED and message.error and "secret key changed" in message.error:
        raise Refused("Its one-time link can no longer be read: make a new link instead.")
    message.status, message.attempts, message.next_attempt_at, message.error = OutboxStatus.PENDING, 0, None, None
    record_event(session, actor, "outbox.resend", message)
    session.commit()
    return message
