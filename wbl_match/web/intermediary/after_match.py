"""After the match, as the coordinator runs it: who is not ready, each placement's checklist, hours,
evaluations and end; the consortium's checklist settings; reminders."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import ReadinessKind, Role, Slot
from wbl_match.services.placements import checklist, finding, lifecycle
from wbl_match.services.placements.consent import send_consent_link
from wbl_match.services.placements.hours import email_approval_link, log_hours, monday_of, placement_totals, weeks
from wbl_match.services.placements.reminders import send_reminders
from wbl_match.web.after_match import attempt, placement_action
from wbl_match.web.intermediary import bp
from wbl_match.localisation import local_today

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


def _me():
    return current_user._get_current_object()


def _progress_or_404(placement_id):
    progress = finding.for_consortium(db.session, current_user.consortium_id, placement_id)
    if progress is None:
        abort(404)
    return progress


def _back(progress):
    return redirect(url_for("intermediary.after_placement", placement_id=progress.placement_id))


_act = placement_action(_progress_or_404, _back)


def _consent_link(token: str) -> str:
    return url_for("links.consent", token=token, _external=True)


def _hours_link(token: str) -> str:
    return url_for("links.hours", token=token, _external=True)


@bp.route("/placements")
@roles_required(*STAFF)
def after_home():
    records = lifecycle.ensure_progress(db.session, current_user.consortium_id)
    return render_template("intermediary/after/home.html", records=records,
                           counts=finding.counts_by_state(records),
                           not_ready=finding.not_ready_by_school(db.session, current_user.consortium_id))


@bp.route("/placements/reminders", methods=["POST"])
@roles_required(*STAFF)
def after_reminders():
    attempt(lambda: send_reminders(db.session, _me(), current_user.consortium_id, local_today(), _hours_link),
            lambda c: f"Reminders queued in the outbox: {c['readiness']} about checklists, {c['hours']} about "
                      f"hours, {c['evaluations']} about evaluations.")
    return redirect(url_for("intermediary.after_home"))


@bp.route("/placements/checklist", methods=["GET", "POST"])
@roles_required(*STAFF)
def after_checklist():
    current = checklist.requirements(db.session, current_user.consortium_id)
    if request.method == "POST":
        chosen = [checklist.Requirement(r.kind, request.form.get(f"{r.kind.value}-asked") == "on",
                                        request.form.get(f"{r.kind.value}-required") == "on",
                                        request.form.get(f"{r.kind.value}-minors") == "on") for r in current]
        if attempt(lambda: checklist.save_requirements(db.session, _me(), chosen),
                   "The checklist is saved. Placements not yet started follow it now."):
            return redirect(url_for("intermediary.after_checklist"))
    return render_template("intermediary/after/checklist.html", requirements=current)


@bp.route("/placements/<int:placement_id>")
@roles_required(*STAFF)
def after_placement(placement_id):
    progress = _progress_or_404(placement_id)
    return render_template("intermediary/after/placement.html", progress=progress, gaps=checklist.gaps,
                           missing=checklist.missing_items(progress), weeks=weeks(progress),
                           totals=placement_totals(progress), today=local_today(),
                           this_monday=monday_of(local_today()), Kind=ReadinessKind)


@bp.route("/placements/<int:placement_id>/consent-link", methods=["POST"])
@roles_required(*STAFF)
def after_consent_link(placement_id):
    return _act(placement_id, lambda progress: send_consent_link(
        db.session, _me(), progress, request.form.get("guardian_email"), _consent_link),
        lambda progress, link: f"The consent link is in the outbox for {progress.guardian_email}. It works once: "
                               f"{link}")


@bp.route("/placements/<int:placement_id>/permit", methods=["POST"])
@roles_required(*STAFF)
def after_permit(placement_id):
    form = request.form
    return _act(placement_id, lambda progress: checklist.record_work_permit(
        db.session, _me(), progress, statement_of_intent=form.get("statement_of_intent") == "on",
        number=form.get("number"), max_daily_hours=form.get("max_daily_hours"),
        max_weekly_hours=form.get("max_weekly_hours"), expires_on=form.get("expires_on")),
        lambda progress, left: "The work permit is recorded." if not left else
        "The work permit is recorded, but it does not yet allow this placement: " + "; ".join(left) + ".")


@bp.route("/placements/<int:placement_id>/agreement", methods=["POST"])
@roles_required(*STAFF)
def after_agreement(placement_id):
    return _act(placement_id, lambda progress: checklist.accept_agreement(
        db.session, _me(), progress, request.form.get("signed_name")),
        "The employer's acceptance of the agreement is recorded.")


@bp.route("/placements/<int:placement_id>/insurance", methods=["POST"])
@roles_required(*STAFF)
def after_insurance(placement_id):
    return _act(placement_id, lambda progress: checklist.record_insurance(
        db.session, _me(), progress, insurer=request.form.get("insurer"), expires_on=request.form.get("expires_on")),
        lambda progress, left: "The insurance certificate is recorded."
        + (" " + "; ".join(left).capitalize() + "." if left else ""))


@bp.route("/placements/<int:placement_id>/orientation", methods=["POST"])
@roles_required(*STAFF)
def after_orientation(placement_id):
    return _act(placement_id, lambda progress: checklist.record_orientation(
        db.session, _me(), progress, request.form.get("done_on")), "The safety orientation is recorded.")


@bp.route("/placements/<int:placement_id>/start", methods=["POST"])
@roles_required(*STAFF)
def after_start(placement_id):
    return _act(placement_id, lambda progress: lifecycle.start_placement(db.session, _me(), progress),
                "The placement has started.")


@bp.route("/placements/<int:placement_id>/complete", methods=["POST"])
@roles_required(*STAFF)
def after_complete(placement_id):
    return _act(placement_id, lambda progress: lifecycle.complete_placement(db.session, _me(), progress),
                "The placement is completed.")


@bp.route("/placements/<int:placement_id>/end-early", methods=["POST"])
@roles_required(*STAFF)
def after_end_early(placement_id):
    return _act(placement_id, lambda progress: lifecycle.end_early(
        db.session, _me(), progress, request.form.get("reason")), "The placement is recorded as ended early.")


@bp.route("/placements/<int:placement_id>/hours", methods=["POST"])
@roles_required(*STAFF)
def after_hours(placement_id):
    return _act(placement_id, lambda progress: log_hours(
        db.session, _me(), progress, request.form.get("work_date"), request.form.get("hours"),
        request.form.get("note")), "The hours are saved.")


@bp.route("/placements/<int:placement_id>/hours-link", methods=["POST"])
@roles_required(*STAFF)
def after_hours_link(placement_id):
    return _act(placement_id, lambda progress: email_approval_link(
        db.session, _me(), progress, request.form.get("week"), request.form.get("email"), _hours_link),
        lambda progress, url: f"The approval link is in the outbox. It works once: {url}")


@bp.route("/slots/<int:slot_id>/history")
@roles_required(*STAFF)
def slot_history(slot_id):
    slot = get_scoped_or_404(Slot, slot_id)
    return render_template("intermediary/after/slot_history.html", slot=slot,
                           records=lifecycle.slot_history(db.session, slot))
