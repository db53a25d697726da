"""Delivering the outbox after a change that queued e-mail."""
from __future__ import annotations

from flask import current_app

from wbl_match.extensions import db
from wbl_match.services.outbox.messages import MailSettings, deliver_pending


def deliver_outbox() -> None:
    """Send (or, without SMTP, log) pending e-mail; a mail failure never undoes the change that queued it."""
    try:
        deliver_pending(db.session, MailSettings.from_mapping(current_app.config))
    except Exception:  # the messages stay pending and are tried again on the next delivery
        db.session.rollback()
        current_app.logger.exception("outbox delivery failed")
