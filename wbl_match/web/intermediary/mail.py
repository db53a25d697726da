"""Delivering the outbox after a change that queued e-mail."""
from __future__ import annotations

from flask import current_app

from wbl_match.extensions import db
from wbl_match.services.outbox.messages import MailSettings, deliver_after_change


def deliver_outbox() -> None:
    """Send (or, without SMTP, log) pending e-mail; a mail failure never undoes the change that queued it."""
    deliver_after_change(db.session, MailSettings.from_mapping(current_app.config))
