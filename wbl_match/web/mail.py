"""Delivering the outbox after a change that queued e-mail (any role's pages)."""
from __future__ import annotations

from flask import current_app, url_for

from wbl_match.extensions import db
from wbl_match.services.accounts import recovery
from wbl_match.services.outbox.messages import MailSettings, deliver_pending


def link_makers() -> dict:
    """The one-time links that messages carry, made as they are sent (the outbox never stores them)."""
    return {recovery.LINK_KIND: lambda session, ref: recovery.make_link(
        session, ref, lambda token: url_for("auth.reset_password", token=token, _external=True))}


def deliver_outbox() -> None:
    """Send (or, without SMTP, log) pending e-mail; a mail failure never undoes the change that queued it."""
    try:
        deliver_pending(db.session, MailSettings.from_mapping(current_app.config), links=link_makers())
    except Exception:  # the messages stay pending and are tried again on the next delivery
        db.session.rollback()
        current_app.logger.exception("outbox delivery failed")
