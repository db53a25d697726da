"""``/api/v1/placements/{id}/…`` after the match: the checklist, hours, evaluations and the placement's end.

The same services as the pages (``services/placements/``), so every rule and refusal is theirs. Who may do
what is theirs too; the look-up answers 404 for a placement the caller may not see, whoever they are: a
staff token sees its consortium's, an employer's token its own placements, a student's token their own.
"""
from __future__ import annotations

from datetime import date

from flask_smorest import abort

from wbl_match.access import current_principal, roles_required
from wbl_match.api.common import current_actor, looked_up_first
from wbl_match.api.placements import blp
from wbl_match.api.schemas.after_match import (
    AgreementSchema, ApprovalSchema, CompletionSchema, EvaluationsSchema, HoursSchema, InsuranceSchema,
    LogHoursSchema, OrientationSchema, ProgressSchema, SubmitEvaluationSchema, WorkPermitSchema,
)
from wbl_match.extensions import db
from wbl_match.models import AfterState, EvaluationKind, PlacementProgress, Role
from wbl_match.services.placements import checklist, finding, lifecycle
from wbl_match.services.placements.evaluations import submit_evaluation
from wbl_match.services.placements.hours import approve_week, log_hours, monday_of, placement_totals, weeks
from wbl_match.services.tenancy import MAX_KEY

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
EVERYONE = (*STAFF, Role.EMPLOYER, Role.STUDENT)
RECORDERS = (*STAFF, Role.EMPLOYER)


def _progress(placement_id: int) -> PlacementProgress:
    """The caller's view of the placement's record, or 404 (another consortium's, employer's or student's)."""
    principal = current_principal()
    found = None
    if placement_id <= MAX_KEY:
        if principal.role in STAFF:
            found = finding.for_consortium(db.session, principal.consortium_id, placement_id)
        elif principal.user is not None and principal.role is Role.EMPLOYER:
            found = finding.for_employer(db.session, principal.user, placement_id)
        elif principal.user is not None and principal.role is Role.STUDENT:
            found = finding.for_student(db.session, principal.user, placement_id)
    if found is None:
        abort(404)
    return found


_found_first = looked_up_first(_progress, "placement_id")


def _progress_view(progress: PlacementProgress) -> dict:
    staff = current_principal().role in STAFF
    return {"placement_id": progress.placement_id, "state": progress.state, "start_on": progress.start_on,
            "started_at": progress.started_at, "ended_on": progress.ended_on,
            "end_reason": progress.end_reason if staff else None,
            "checklist": [{"kind": entry.kind, "label": entry.kind.label, "required": entry.required,
                           "done": not checklist.gaps(progress, entry), "done_at": entry.done_at,
                           "missing": checklist.gaps(progress, entry)} for entry in progress.items],
            "missing": checklist.missing_items(progress)}


@blp.route("/<int:placement_id>/checklist", methods=["GET"])
@roles_required(*EVERYONE)
@blp.response(200, ProgressSchema)
def read_checklist(placement_id):
    """Read the placement's state and readiness checklist (never the guardian's or the permit's details)"""
    return _progress_view(_progress(placement_id))


def _record(view_name: str, schema, call, doc: str):
    """A route marking one checklist item done through its service; answers the checklist."""

    @roles_required(*RECORDERS)
    @_found_first
    @blp.arguments(schema)
    @blp.response(200, ProgressSchema)
    def view(values, placement_id):
        progress = _progress(placement_id)
        call(progress, values)
        return _progress_view(progress)

    view.__name__ = view.__qualname__ = view_name
    view.__doc__ = doc
    return view


blp.route("/<int:placement_id>/checklist/agreement", methods=["POST"])(_record(
    "accept_agreement", AgreementSchema,
    lambda progress, v: checklist.accept_agreement(db.session, current_actor(), progress, v["signed_name"]),
    "Accept the training and placement agreement (the employer; staff for one signed on paper)"))
blp.route("/<int:placement_id>/checklist/insurance", methods=["POST"])(_record(
    "record_insurance", InsuranceSchema,
    lambda progress, v: checklist.record_insurance(db.session, current_actor(), progress, insurer=v["insurer"],
                                                   expires_on=v["expires_on"]),
    "Record the employer's insurance certificate (the employer or staff)"))
blp.route("/<int:placement_id>/checklist/orientation", methods=["POST"])(_record(
    "record_orientation", OrientationSchema,
    lambda progress, v: checklist.record_orientation(db.session, current_actor(), progress, v["done_on"]),
    "Record the safety orientation (the employer or staff)"))
blp.route("/<int:placement_id>/checklist/work-permit", methods=["POST"])(_record(
    "record_work_permit", WorkPermitSchema,
    lambda progress, v: checklist.record_work_permit(db.session, current_actor(), progress, **v),
    "Record the Statement of Intent and the work permit (staff)"))


def _evaluations_view(progress: PlacementProgress, student: bool) -> dict:
    """The mid-point evaluation, then the final; a student sees only the submitted ones, and not whether the
    employer would host again."""
    shown = [e for e in sorted(progress.evaluations, key=lambda e: e.kind is EvaluationKind.FINAL)
             if not student or e.submitted_at is not None]
    return {"evaluations": shown, "would_host_again": None if student else progress.would_host_again}


def _hours_view(progress: PlacementProgress) -> dict:
    totals = placement_totals(progress)
    return {"logged_minutes": totals.logged_minutes, "approved_minutes": totals.approved_minutes,
            "waiting_minutes": totals.waiting_minutes,
            "weeks": [{"monday": week.monday, "minutes": week.minutes, "approved": week.approved,
                       "flags": week.flags,
                       "days": [{"work_date": day.entry.work_date, "minutes": day.entry.minutes,
                                 "note": day.entry.note, "approved": day.entry.approved_at is not None,
                                 "approved_at": day.entry.approved_at, "flags": day.flags} for day in week.days]}
                      for week in weeks(progress)]}


@blp.route("/<int:placement_id>/hours", methods=["GET"])
@roles_required(*EVERYONE)
@blp.response(200, HoursSchema)
def list_hours(placement_id):
    """List the logged days by week, with their flags, and the totals"""
    return _hours_view(_progress(placement_id))


@blp.route("/<int:placement_id>/hours", methods=["POST"])
@roles_required(*EVERYONE)
@_found_first
@blp.arguments(LogHoursSchema)
@blp.response(200, HoursSchema)
def log_day(values, placement_id):
    """Record (or change) one day's hours: the student, the supervisor, or staff to correct a day"""
    progress = _progress(placement_id)
    log_hours(db.session, current_actor(), progress, values["work_date"], values["hours"], values.get("note"))
    return _hours_view(progress)


@blp.route("/<int:placement_id>/hours/weeks/<string:monday>/approval", methods=["POST"])
@roles_required(Role.EMPLOYER)
@_found_first
@blp.response(200, ApprovalSchema)
def approve(placement_id, monday):
    """Approve every day of a week waiting for approval (the placement's employer)"""
    progress = _progress(placement_id)
    days = approve_week(db.session, current_actor(), progress, monday)
    return {"monday": monday_of(date.fromisoformat(monday)), "days": days}


@blp.route("/<int:placement_id>/evaluations", methods=["GET"])
@roles_required(*EVERYONE)
@blp.response(200, EvaluationsSchema)
def read_evaluations(placement_id):
    """Read the mid-point and final evaluations (a student's token: only the submitted ones)"""
    return _evaluations_view(_progress(placement_id), student=current_principal().role is Role.STUDENT)


@blp.route("/<int:placement_id>/evaluations/<string:kind>", methods=["POST"])
@roles_required(Role.EMPLOYER)
@_found_first
@blp.arguments(SubmitEvaluationSchema)
@blp.response(200, EvaluationsSchema)
def evaluate(values, placement_id, kind):
    """Submit (or correct) the mid-point or final evaluation (the placement's employer)"""
    progress = _progress(placement_id)
    try:
        which = EvaluationKind(kind)
    except ValueError:
        abort(404)
    submit_evaluation(db.session, current_actor(), progress, which, values)
    return _evaluations_view(progress, student=False)


@blp.route("/<int:placement_id>/completion", methods=["POST"])
@roles_required(*STAFF)
@_found_first
@blp.arguments(CompletionSchema)
@blp.response(200, ProgressSchema)
def complete(values, placement_id):
    """Mark a started placement completed, or end a placement early with the reason (staff)"""
    progress = _progress(placement_id)
    if values["outcome"] == AfterState.COMPLETED.value:
        lifecycle.complete_placement(db.session, current_actor(), progress, values.get("on"))
    else:
        lifecycle.end_early(db.session, current_actor(), progress, values.get("reason"), values.get("on"))
    return _progress_view(progress)
