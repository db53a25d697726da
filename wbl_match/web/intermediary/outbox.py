"""The outbox: every e-mail the service sent (or, without SMTP, wrote to the mail folder) for the consortium."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.mailer import MailSettings
from wbl_match.models import Role
from wbl_match.services.errors import Refusal
from wbl_match.services.outbox.delivery import MAX_ATTEMPTS, resend
from wbl_match.services.outbox.messages import failing_count, outbox_page
from wbl_match.services.searching import page_count
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.loading import message_or_404

PER_PAGE = 50


def _where() -> str:
    return MailSettings.from_mapping(current_app.config).where


@bp.route("/outbox")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def outbox():
    page = request.args.get("page", 1, type=int) or 1
    messages, total = outbox_page(db.session, current_user.consortium_id, page=page, per_page=PER_PAGE)
    return render_template("intermediary/outbox.html", messages=messages, total=total, page=max(page, 1),
                           pages=page_count(total, PER_PAGE), where=_where(),
                           failing=failing_count(db.session, current_user.consortium_id), max_attempts=MAX_ATTEMPTS)


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def outbox_message(message_id: int):
    message = message_or_404(message_id)
    return render_template("intermediary/outbox_message.html", message=message, where=_where(),
                           base_url=current_app.config.get("BASE_URL", ""), max_attempts=MAX_ATTEMPTS)


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def outbox_resend(message_id: int):
    message = message_or_404(message_id)
    try:
        resend(db.session, current_user._get_current_object(), message)
    except Refusal as refusal:
        flash(refusal.message, "error")
    else:
        flash(f"Sending it again to {message.to_address}.", "success")
    return redirect(url_for("intermediary.outbox_message", message_id=message_id))
