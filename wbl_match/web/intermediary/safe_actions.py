"""Actions that cannot be taken back ask first: the publish preview, the archive confirmation; and the undo
of a declined offer on a student's behalf."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.errors import Refused
from wbl_match.services.rounds.consequences import archive_consequences, undo_decline
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.publish_preview import (
    EMPLOYER_WITHOUT_EMAIL, STUDENT_WITHOUT_EMAIL, publish_preview,
)
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.loading import placement_or_404, round_or_404

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


@bp.route("/rounds/<int:round_id>/publish", methods=["GET"])
@roles_required(*STAFF)
def round_publish_preview(round_id: int):
    match_round = round_or_404(round_id)
    try:
        preview = publish_preview(db.session, match_round)
    except RoundError as error:
        flash(error.message, "error")
        return redirect(url_for("intermediary.round_detail", round_id=round_id))
    return render_template("intermediary/publish_preview.html", match_round=match_round, preview=preview,
                           student_note=STUDENT_WITHOUT_EMAIL, employer_note=EMPLOYER_WITHOUT_EMAIL)


@bp.route("/rounds/<int:round_id>/archive", methods=["GET"])
@roles_required(*STAFF)
def round_archive_confirm(round_id: int):
    match_round = round_or_404(round_id)
    back = url_for("intermediary.round_detail", round_id=round_id)
    try:
        consequences = archive_consequences(db.session, match_round)
    except RoundError as error:
        flash(error.message, "error")
        return redirect(back)
    return render_template("confirm.html", title=f"Archive {match_round.name}?", lead=None,
                           consequences=consequences, allowed=True, back=back, back_label=match_round.name,
                           action=url_for("intermediary.round_state", round_id=round_id),
                           hidden={"action": "archive"}, confirm_label="Archive the round")


@bp.route("/rounds/<int:round_id>/placements/<int:placement_id>/undo-decline", methods=["POST"])
@roles_required(*STAFF)
def round_undo_decline(round_id: int, placement_id: int):
    match_round = round_or_404(round_id)
    placement = placement_or_404(match_round, placement_id)
    if not FlaskForm().validate_on_submit():
        flash("The page had expired. Please try again.", "error")
    else:
        try:
            undo_decline(db.session, current_user._get_current_object(), placement)
            flash(f"{placement.student.display_name}'s offer is open again until its deadline.", "success")
        except Refused as refusal:
            flash(refusal.message, "error")
    return redirect(url_for("intermediary.round_placement", round_id=round_id, placement_id=placement_id))
