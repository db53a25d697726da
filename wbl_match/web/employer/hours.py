"""After the match, as the employer sees it: its own placements only; the agreement, insurance and orientation
items; the student's hours to approve week by week; the mid-point and final evaluations."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import EvaluationKind, ReadinessKind, Role
from wbl_match.services.placements import checklist, finding
from wbl_match.services.placements.evaluations import CATEGORIES, NOT_OBSERVED, RATINGS, evaluation, submit_evaluation
from wbl_match.services.placements.hours import approve_week, log_hours, placement_totals, weeks
from wbl_match.services.errors import Refused
from wbl_match.web.after_match import attempt, placement_action
from wbl_match.web.employer import bp
from wbl_match.localisation import local_today


def _me():
    return current_user._get_current_object()


def _own_or_404(placement_id):
    progress = finding.for_employer(db.session, current_user, placement_id)
    if progress is None:
        abort(404)
    return progress


def _back(progress):
    return redirect(url_for("employer.placement_progress", placement_id=progress.placement_id))


_act = placement_action(_own_or_404, _back)


@bp.route("/placements")
@roles_required(Role.EMPLOYER)
def placements():
    return render_template("employer/after/placements.html",
                           records=finding.of_employer(db.session, current_user.employer))


@bp.route("/placements/<int:placement_id>/progress")
@roles_required(Role.EMPLOYER)
def placement_progress(placement_id):
    progress = _own_or_404(placement_id)
    return render_template("employer/after/placement.html", progress=progress, gaps=checklist.gaps,
                           weeks=weeks(progress), totals=placement_totals(progress), today=local_today(),
                           employer_kinds=checklist.EMPLOYER_KINDS, Kind=ReadinessKind)


@bp.route("/placements/<int:placement_id>/agreement", methods=["POST"])
@roles_required(Role.EMPLOYER)
def accept_agreement(placement_id):
    return _act(placement_id, lambda progress: checklist.accept_agreement(
        db.session, _me(), progress, request.form.get("signed_name")), "Thank you: the agreement is accepted.")


@bp.route("/placements/<int:placement_id>/insurance", methods=["POST"])
@roles_required(Role.EMPLOYER)
def record_insurance(placement_id):
    return _act(placement_id, lambda progress: checklist.record_insurance(
        db.session, _me(), progress, insurer=request.form.get("insurer"), expires_on=request.form.get("expires_on")),
        lambda progress, left: "The insurance certificate is recorded." + (" But " + "; ".join(left) + "."
                                                                           if left else ""))


@bp.route("/placements/<int:placement_id>/orientation", methods=["POST"])
@roles_required(Role.EMPLOYER)
def record_orientation(placement_id):
    return _act(placement_id, lambda progress: checklist.record_orientation(
        db.session, _me(), progress, request.form.get("done_on")), "The safety orientation is recorded.")


@bp.route("/placements/<int:placement_id>/hours", methods=["POST"])
@roles_required(Role.EMPLOYER)
def log_placement_hours(placement_id):
    return _act(placement_id, lambda progress: log_hours(
        db.session, _me(), progress, request.form.get("work_date"), request.form.get("hours"),
        request.form.get("note")), "The hours are saved.")


@bp.route("/placements/<int:placement_id>/hours/approve", methods=["POST"])
@roles_required(Role.EMPLOYER)
def approve_hours(placement_id):
    return _act(placement_id, lambda progress: approve_week(
        db.session, _me(), progress, request.form.get("week") or ""),
        lambda progress, days: f"Approved: {days} day{'s' if days != 1 else ''} of hours.")


def _kind() -> EvaluationKind:
    value = request.values.get("kind", "")
    try:
        return EvaluationKind(value)
    except ValueError:
        abort(404)


@bp.route("/placements/<int:placement_id>/evaluation", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def evaluate(placement_id):
    progress = _own_or_404(placement_id)
    kind = _kind() if request.values.get("kind") else EvaluationKind.MIDPOINT
    try:
        found = evaluation(progress, kind)
    except Refused as refusal:
        flash(refusal.message, "error")
        return _back(progress)
    if request.method == "POST":
        if attempt(lambda: submit_evaluation(db.session, _me(), progress, kind, request.form.to_dict()),
                   f"Thank you: the {kind.label.lower()} is saved."):
            return _back(progress)
    return render_template("employer/after/evaluation.html", progress=progress, evaluation=found, kind=kind,
                           categories=CATEGORIES, ratings=RATINGS, not_observed=NOT_OBSERVED,
                           submitted=request.form if request.method == "POST" else None)
