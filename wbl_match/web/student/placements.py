"""The student's placement: where, when, what to bring, how far; accept or decline before the deadline."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.students import their_rounds as student_view
from wbl_match.services.students.eligibility import travel_estimate
from wbl_match.services.errors import Refused
from wbl_match.services.rounds.consequences import decline_consequences, undo_decline, undo_refusal
from wbl_match.services.rounds.offers import OfferRefused, offer_is_open, respond_to_offer
from wbl_match.web.student import bp


def _own_placement_or_404(placement_id):
    placement = student_view.own_placement(db.session, current_user._get_current_object(), placement_id)
    if placement is None:
        abort(404)
    return placement


@bp.route("/placements/<int:placement_id>")
@roles_required(Role.STUDENT)
def placement(placement_id):
    found = _own_placement_or_404(placement_id)
    km, minutes = travel_estimate(found.student, found.slot, found.slot.term_start)
    return render_template("student/placement.html", placement=found, km=km, minutes=minutes,
                           can_answer=offer_is_open(found), form=FlaskForm(),
                           can_undo=undo_refusal(db.session, found) is None)


@bp.route("/placements/<int:placement_id>/decline", methods=["GET"])
@roles_required(Role.STUDENT)
def decline_confirm(placement_id):
    found = _own_placement_or_404(placement_id)
    back = url_for("student.placement", placement_id=placement_id)
    if not offer_is_open(found):
        return redirect(back)
    return render_template("confirm.html", title="Decline this placement?", lead=f"{found.slot.title} at "
                           f"{found.slot.employer.name}", consequences=decline_consequences(found), allowed=True,
                           back=back, back_label="Back to the placement",
                           action=url_for("student.respond", placement_id=placement_id),
                           hidden={"answer": "decline"}, reason_field="Why? (optional)",
                           confirm_label="Yes, decline it")


@bp.route("/placements/<int:placement_id>/undo-decline", methods=["POST"])
@roles_required(Role.STUDENT)
def undo(placement_id):
    found = _own_placement_or_404(placement_id)
    if FlaskForm().validate_on_submit():
        try:
            undo_decline(db.session, current_user._get_current_object(), found)
            flash("Your offer is open again. Please answer before the deadline.", "success")
        except Refused as refusal:
            flash(refusal.message, "error")
    return redirect(url_for("student.placement", placement_id=placement_id))


@bp.route("/placements/<int:placement_id>/respond", methods=["POST"])
@roles_required(Role.STUDENT)
def respond(placement_id):
    found = _own_placement_or_404(placement_id)
    answer = request.form.get("answer")
    if not FlaskForm().validate_on_submit() or answer not in ("accept", "decline"):
        flash(gettext("Choose Accept or Decline."), "error")
        return redirect(url_for("student.placement", placement_id=placement_id))
    try:
        respond_to_offer(db.session, current_user._get_current_object(), found, answer == "accept",
                         request.form.get("reason"))
    except OfferRefused as problem:
        flash(problem.message, "error")
    else:
        flash(gettext("You accepted the placement. Congratulations!") if answer == "accept"
              else gettext("You declined the placement. You can take it back on this page until the deadline."),
              "success")
    return redirect(url_for("student.placement", placement_id=placement_id))
