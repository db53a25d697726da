"""The outbox: every e-mail the service sent (or, without SMTP, wrote to the log) for the consortium."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.outbox.messages import outbox_page
from wbl_match.services.searching import page_count
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.loading import message_or_404

PER_PAGE = 50


@bp.route("/outbox")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def outbox():
    page = request.args.get("page", 1, type=int) or 1
    messages, total = outbox_page(db.session, current_user.consortium_id, page=page, per_page=PER_PAGE)
    return render_template("intermediary/outbox.html", messages=messages, total=total, page=max(page, 1),
                           pages=page_count(total, PER_PAGE))


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def outbox_message(message_id: int):
    return render_template("intermediary/outbox_message.html", message=message_or_404(message_id))
