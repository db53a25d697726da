"""Reviewing a solved round and adjusting it: pins, exclusions, comparing solves, answering for students."""
from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import Placement, PlacementStatus, Role, StudentProfile
from wbl_match.services import rounds as service
from wbl_match.services.rounds.offers import respond_to_offer
from wbl_match.services.rounds.consequences import undo_refusal
from wbl_match.services.rounds.adjusting import student_exclusions
from wbl_match.services.rounds.membership import takes_part
from wbl_match.services.errors import Refusal
from wbl_match.services.rounds.review import active_placements
from wbl_match.services.students.preferences import round_ranking
from wbl_match.services.rounds.slot_picker import pick_slots
from wbl_match.services.rounds.review_tables import (
    RURAL_CHOICES, SORTS, TableQuery, placements_table, unplaced_table,
)
from wbl_match.services.reason_words import REASON_NAMES
from wbl_match.reference import SECTORS
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.forms import ExcludeForm, PinForm, RespondForm
from wbl_match.web.intermediary.loading import placement_or_404, round_or_404

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


@bp.route("/rounds/<int:round_id>/review")
@roles_required(*STAFF)
def round_review(round_id: int):
    match_round = round_or_404(round_id)
    review = service.round_review(db.session, match_round)
    query = TableQuery.from_args(request.args)
    placements_query = replace(query, page=TableQuery.from_args({"page": request.args.get("ppage", "")}).page)
    return render_template("intermediary/review.html", match_round=match_round, review=review, query=query,
                           unplaced=unplaced_table(db.session, review, query),
                           placed=placements_table(db.session, review, placements_query),
                           schools=sorted(match_round.schools, key=lambda s: s.name), sectors=SECTORS,
                           reasons=REASON_NAMES, sorts=SORTS, rural_choices=RURAL_CHOICES,
                           solves=service.succeeded_solves(db.session, round_id))


def _student_in_round(match_round, student_id) -> StudentProfile:
    """A student of the round's schools (withdrawn ones too, so the page can say so), else 404."""
    return get_scoped_or_404(StudentProfile, student_id, belongs=lambda student: takes_part(
        db.session, match_round, student, were_they_not_withdrawn=True))


def _adjust_page(match_round, student, pin_form=None, exclude_form=None, status=200):
    pin_form = pin_form or PinForm(student_id=student.id)
    exclude_form = exclude_form or ExcludeForm(student_id=student.id)
    pin_q, exclude_q = request.args.get("pin_q", "")[:100], request.args.get("exclude_q", "")[:100]
    current = [p for p in active_placements(db.session, match_round.id) if p.student_id == student.id]
    return render_template("intermediary/adjust.html", match_round=match_round, student=student,
                           ranked=round_ranking(db.session, match_round, student),
                           current=current[0] if current else None, pin_form=pin_form,
                           exclude_form=exclude_form, pin_q=pin_q, exclude_q=exclude_q,
                           pins=pick_slots(db.session, match_round, student, "pin", pin_q),
                           excludes=pick_slots(db.session, match_round, student, "exclude", exclude_q),
                           exclusions=student_exclusions(db.session, match_round.id, student.id)), status


@bp.route("/rounds/<int:round_id>/slot-picker")
@roles_required(*STAFF)
def round_slot_picker(round_id: int):
    """The picker's options alone, for the search-as-you-type of the adjust page."""
    match_round = round_or_404(round_id)
    student = _student_in_round(match_round, request.args.get("student"))
    purpose = "exclude" if request.args.get("purpose") == "exclude" else "pin"
    form = PinForm(student_id=student.id) if purpose == "pin" else ExcludeForm(student_id=student.id)
    return render_template("intermediary/_slot_options.html", purpose=purpose, form=form,
                           picked=pick_slots(db.session, match_round, student, purpose,
                                             request.args.get(f"{purpose}_q", "")[:100]))


@bp.route("/rounds/<int:round_id>/adjust")
@roles_required(*STAFF)
def round_adjust(round_id: int):
    match_round = round_or_404(round_id)
    return _adjust_page(match_round, _student_in_round(match_round, request.args.get("student")))


@bp.route("/rounds/<int:round_id>/pins", methods=["POST"])
@roles_required(*STAFF)
def round_pin(round_id: int):
    match_round = round_or_404(round_id)
    form = PinForm()
    student = _student_in_round(match_round, form.student_id.data)
    form.slot_id.choices = [SelectChoice(s.id, s.title) for s in match_round.slots]
    if form.validate_on_submit():
        try:
            service.pin_student(db.session, current_user, round_id, student.id, form.slot_id.data)
        except service.RoundError as error:
            getattr(form, error.field or "slot_id").errors = [error.message]
        else:
            flash(f"{student.display_name} is pinned. Solve again to apply the pin.", "success")
            return redirect(url_for("intermediary.round_adjust", round_id=round_id, student=student.id))
    return _adjust_page(match_round, student, pin_form=form, status=422)


@bp.route("/rounds/<int:round_id>/pins/<int:placement_id>/delete", methods=["POST"])
@roles_required(*STAFF)
def round_unpin(round_id: int, placement_id: int):
    match_round = round_or_404(round_id)
    placement = placement_or_404(match_round, placement_id)
    try:
        service.unpin(db.session, current_user, round_id, placement.id)
        flash("The pin is lifted. Solve again to apply.", "success")
    except service.RoundError as error:
        flash(error.message, "error")
    return redirect(url_for("intermediary.round_adjust", round_id=round_id, student=placement.student_id))


@bp.route("/rounds/<int:round_id>/exclusions", methods=["POST"])
@roles_required(*STAFF)
def round_exclude(round_id: int):
    match_round = round_or_404(round_id)
    form = ExcludeForm()
    student = _student_in_round(match_round, form.student_id.data)
    form.slot_id.choices = [SelectChoice(s.id, s.title) for s in match_round.slots]
    if form.validate_on_submit():
        try:
            service.exclude_pair(db.session, current_user, round_id, student.id, form.slot_id.data,
                                 form.reason.data)
        except service.RoundError as error:
            getattr(form, error.field or "slot_id").errors = [error.message]
        else:
            flash("The pair is excluded from the next solves.", "success")
            return redirect(url_for("intermediary.round_adjust", round_id=round_id, student=student.id))
    return _adjust_page(match_round, student, exclude_form=form, status=422)


@bp.route("/rounds/<int:round_id>/exclusions/delete", methods=["POST"])
@roles_required(*STAFF)
def round_include(round_id: int):
    match_round = round_or_404(round_id)
    student = _student_in_round(match_round, request.form.get("student_id"))
    try:
        service.include_pair(db.session, current_user, round_id, student.id, request.form.get("slot_id"))
        flash("The exclusion is lifted.", "success")
    except service.RoundError as error:
        flash(error.message, "error")
    return redirect(url_for("intermediary.round_adjust", round_id=round_id, student=student.id))


@bp.route("/rounds/<int:round_id>/compare")
@roles_required(*STAFF)
def round_compare(round_id: int):
    match_round = round_or_404(round_id)
    solves = service.succeeded_solves(db.session, round_id)
    a, b = request.args.get("a"), request.args.get("b")
    if not (a and b) and len(solves) >= 2:
        a, b = solves[1].id, solves[0].id
    comparison, error = None, None
    if a and b:
        try:
            comparison = service.compare_solves(db.session, match_round, a, b)
        except service.RoundError as exc:
            error = exc.message
    return render_template("intermediary/compare.html", match_round=match_round, solves=solves,
                           comparison=comparison, error=error), 422 if error else 200


@bp.route("/rounds/<int:round_id>/placements/<int:placement_id>", methods=["GET", "POST"])
@roles_required(*STAFF)
def round_placement(round_id: int, placement_id: int):
    match_round = round_or_404(round_id)
    placement: Placement = placement_or_404(match_round, placement_id)
    form = RespondForm()
    if placement.status is PlacementStatus.OFFERED and form.validate_on_submit():
        try:
            respond_to_offer(db.session, current_user, placement, form.decision.data == "accept", form.reason.data)
        except Refusal as refusal:  # shown beside the fields (the answer's field when it names none)
            for name, messages in (refusal.errors or {"decision": [refusal.message]}).items():
                getattr(form, name, form.decision).errors = list(messages)
        else:
            flash(f"Recorded: {placement.student.display_name} "
                  f"{'accepted' if placement.status is PlacementStatus.ACCEPTED else 'declined'} the offer.",
                  "success")
            return redirect(url_for("intermediary.round_review", round_id=round_id))
    status = 422 if request.method == "POST" else 200
    undo_problem = undo_refusal(db.session, placement) if placement.status is PlacementStatus.DECLINED else None
    return render_template("intermediary/placement.html", match_round=match_round, placement=placement,
                           form=form, undo_problem=undo_problem), status
