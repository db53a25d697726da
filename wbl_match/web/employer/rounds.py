"""Rounds as the employer sees them: placed students, confirm or raise a concern, rank applicants."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import MatchRound, Role
from wbl_match.services.employers import their_rounds as service
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.web.employer import bp
from wbl_match.web.employer.forms import ActionForm, ConcernForm
from wbl_match.web.employer.scoping import own_placement_or_404, own_slot_or_404


@bp.route("/rounds")
@roles_required(Role.EMPLOYER)
def rounds():
    return render_template("employer/rounds.html", rounds=service.employer_rounds(db.session, current_user.employer))


@bp.route("/rounds/<int:round_id>")
@roles_required(Role.EMPLOYER)
def round_detail(round_id):
    match_round = get_scoped_or_404(MatchRound, round_id)
    employer = current_user.employer
    own_slots = [s for s in match_round.slots if s.employer_id == employer.id]
    ranking_open = match_round.employers_rank and match_round.state in service.RANKING_STATES
    return render_template("employer/round.html", round=match_round, placed=service.placed_students(
        db.session, employer, match_round), own_slots=own_slots, ranking_open=ranking_open, action=ActionForm())


@bp.route("/placements/<int:placement_id>/confirm", methods=["POST"])
@roles_required(Role.EMPLOYER)
def confirm_placement(placement_id):
    placement = own_placement_or_404(placement_id)
    if ActionForm().validate_on_submit():
        try:
            service.confirm_placement(db.session, current_user._get_current_object(), placement)
        except Refused as refusal:
            flash(refusal.message, "error")
        else:
            flash("Thank you: the placement is confirmed.", "success")
    return redirect(url_for("employer.round_detail", round_id=placement.round_id))


@bp.route("/placements/<int:placement_id>/concern", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def raise_concern(placement_id):
    placement = own_placement_or_404(placement_id)
    form = ConcernForm()
    if form.validate_on_submit():
        try:
            service.raise_concern(db.session, current_user._get_current_object(), placement, form.message.data)
        except FieldErrors as errors:
            form.message.errors = list(form.message.errors) + errors.errors.get("message", [])
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for("employer.rounds"))
        else:
            flash("Your concern is sent to the consortium's coordinator, who will contact you.", "success")
            return redirect(url_for("employer.round_detail", round_id=placement.round_id))
    status = 422 if request.method == "POST" else 200
    return render_template("employer/concern.html", form=form, placement=placement), status


@bp.route("/rounds/<int:round_id>/slots/<int:slot_id>/applicants", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def applicants(round_id, slot_id):
    match_round = get_scoped_or_404(MatchRound, round_id)
    slot = own_slot_or_404(slot_id)
    if slot not in match_round.slots:
        abort(404)
    errors: dict[str, list[str]] = {}
    form = ActionForm()
    if request.method == "POST" and form.validate_on_submit():
        ranks, errors = _parse_ranks(request.form)
        if not errors:
            try:
                service.save_employer_ranking(db.session, current_user._get_current_object(), match_round, slot, ranks)
            except FieldErrors as problem:
                errors = problem.errors
            except Refused as refusal:
                flash(refusal.message, "error")
                return redirect(url_for("employer.round_detail", round_id=round_id))
            else:
                flash("Your ranking of the applicants is saved.", "success")
                return redirect(url_for("employer.applicants", round_id=round_id, slot_id=slot_id))
    status = 422 if errors or (request.method == "POST") else 200
    return render_template("employer/applicants.html", round=match_round, slot=slot, form=form, errors=errors,
                           submitted=request.form if request.method == "POST" else None,
                           applicants=service.applicants(db.session, match_round, slot)), status


def _parse_ranks(data) -> tuple[dict[int, int], dict[str, list[str]]]:
    ranks, errors = {}, {}
    for key, value in data.items():
        if not key.startswith("rank-") or not value.strip():
            continue
        ident = key.removeprefix("rank-")
        if not ident.isdigit() or not value.strip().isdigit():
            errors.setdefault(key, []).append("Choose a rank from the list.")
            continue
        ranks[int(ident)] = int(value)
    return ranks, errors
