"""Round pages: list, create, settings, state changes, solving with live progress and cancel, publishing, exports.

Every action calls one service of ``services.rounds``; the same services serve the API and the CLI.
"""
from __future__ import annotations

from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.jobs import get_queue
from wbl_match.models import Mechanism, Role, RoundState, SectorRule
from wbl_match.services import rounds as service
from wbl_match.services.rounds.lifecycle import has_offers
from wbl_match.services.rounds.exports import EXPORTS, ExportError, export_filename, export_round
from wbl_match.services.rounds.publish_preview import publish_preview
from wbl_match.services.rounds.slot_picker import describe_all
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.forms import RoundForm
from wbl_match.web.intermediary.loading import round_or_404

STAFF = (Role.INTERMEDIARY, Role.ADMIN)
STATE_ACTIONS = {"open": RoundState.OPEN, "close": RoundState.CLOSED, "draft": RoundState.DRAFT,
                 "archive": RoundState.ARCHIVED}


@bp.route("/rounds")
@roles_required(*STAFF)
def rounds():
    return render_template("intermediary/rounds.html",
                           rounds=service.consortium_rounds(db.session, current_user.consortium_id))


def _form_with_choices(form: RoundForm) -> RoundForm:
    schools, slots = service.round_choices(db.session, current_user.consortium_id)
    form.school_ids.choices = [SelectChoice(s.id, f"{s.name} ({s.city or ''})") for s in schools]
    form.slot_ids.choices = [SelectChoice(s.id, f"{s.title} · {s.employer.name}") for s in slots]
    form.schools, form.slots = schools, describe_all(slots)
    return form


def _choice_lists(form: RoundForm) -> dict:
    """The schools and slots to choose from, each with the words the list's filter searches."""
    return {"schools": form.schools, "slots": form.slots,
            "school_options": [(s.id, f"{s.name} {s.city or ''}") for s in form.schools],
            "slot_options": [(o.slot.id, " ".join(x for x in (o.slot.title, o.slot.employer.name, o.slot.site_city,
                                                                o.slot.site_address, o.schedule) if x))
                             for o in form.slots]}


def _settings(form: RoundForm) -> service.RoundSettings:
    schools = [c.value for c in form.school_ids.choices] if form.all_schools.data else form.school_ids.data
    slots = [c.value for c in form.slot_ids.choices] if form.all_slots.data else form.slot_ids.data
    return service.RoundSettings(
        name=form.name.data, term_start=form.term_start.data, term_end=form.term_end.data,
        school_ids=list(schools or []), slot_ids=list(slots or []), ranking_closes_at=form.ranking_closes_at.data,
        offers_expire_at=form.offers_expire_at.data, mechanism=Mechanism(form.mechanism.data),
        sector_rule=SectorRule(form.sector_rule.data), only_ranked=form.only_ranked.data,
        max_ranked=form.max_ranked.data, employers_rank=form.employers_rank.data,
        apply_work_limits=form.apply_work_limits.data, term_kind=form.term_kind.data,
        max_week_hours=float(form.max_week_hours.data) if form.max_week_hours.data is not None else None,
        pathway_rule=form.pathway_rule.data)


def _save(form: RoundForm, save, template_args: dict):
    if form.validate_on_submit():
        try:
            match_round = save(_settings(form))
        except service.RoundError as error:
            getattr(form, error.field or "name").errors = [error.message]
        else:
            flash("The round is saved.", "success")
            return redirect(url_for("intermediary.round_detail", round_id=match_round.id))
    status = 422 if request.method == "POST" else 200
    return render_template("intermediary/round_form.html", form=form, **_choice_lists(form), **template_args), status


@bp.route("/rounds/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def round_new():
    form = _form_with_choices(RoundForm())
    if request.method == "GET":
        form.all_schools.data = form.all_slots.data = True
    return _save(form, lambda settings: service.create_round(db.session, current_user, settings),
                 {"match_round": None})


@bp.route("/rounds/<int:round_id>/settings", methods=["GET", "POST"])
@roles_required(*STAFF)
def round_settings(round_id: int):
    match_round = round_or_404(round_id)
    form = _form_with_choices(RoundForm(obj=service.settings_of(match_round) if request.method == "GET" else None))
    if request.method == "GET":
        form.mechanism.data, form.sector_rule.data = match_round.mechanism.value, match_round.sector_rule.value
    return _save(form, lambda settings: service.update_round(db.session, current_user, round_id, settings),
                 {"match_round": match_round})


@bp.route("/rounds/<int:round_id>")
@roles_required(*STAFF)
def round_detail(round_id: int):
    round_or_404(round_id)
    active = service.check_solve(db.session, round_id, get_queue())
    match_round = round_or_404(round_id)
    return render_template("intermediary/round.html", match_round=match_round,
                           readiness=service.round_readiness(db.session, match_round),
                           active=active, solves=list(reversed(match_round.solves)),
                           has_offers=has_offers(db.session, round_id))


@bp.route("/rounds/<int:round_id>/progress")
@roles_required(*STAFF)
def round_progress(round_id: int):
    round_or_404(round_id)
    active = service.check_solve(db.session, round_id, get_queue())
    match_round = round_or_404(round_id)
    response = make_response(render_template("intermediary/_solve_status.html", match_round=match_round,
                                             active=active))
    if active is None and request.headers.get("HX-Request"):
        response.headers["HX-Refresh"] = "true"  # the solve ended: show the whole page anew
    return response


@bp.route("/rounds/<int:round_id>/state", methods=["POST"])
@roles_required(*STAFF)
def round_state(round_id: int):
    round_or_404(round_id)
    action = request.form.get("action", "")
    try:
        if action == "discard":
            match_round = service.discard(db.session, current_user, round_id)
            flash(f"The proposals are discarded; the round is {match_round.state.value} again.", "success")
        elif action in STATE_ACTIONS:
            target = STATE_ACTIONS[action]
            service.change_state(db.session, current_user, round_id, target)
            flash(f"The round is now {target.value}.", "success")
        else:
            raise service.RoundError("Unknown action.")
    except service.RoundError as error:
        flash(error.message, "error")
    return redirect(url_for("intermediary.round_detail", round_id=round_id))


def _start_solve(round_id: int, rematch: bool):
    round_or_404(round_id)
    try:
        service.start_solve(db.session, current_user, round_id, get_queue(), rematch=rematch)
    except service.RoundError as error:
        flash(error.message, "error")
    return redirect(url_for("intermediary.round_detail", round_id=round_id))


@bp.route("/rounds/<int:round_id>/cancel-solve", methods=["POST"])
@roles_required(*STAFF)
def round_cancel_solve(round_id: int):
    round_or_404(round_id)
    try:
        service.cancel_solve(db.session, current_user, round_id)
        flash("The solve is cancelled; the round is as it was before it.", "success")
    except service.RoundError as error:
        flash(error.message, "error")
    return redirect(url_for("intermediary.round_detail", round_id=round_id))


@bp.route("/rounds/<int:round_id>/solve", methods=["POST"])
@roles_required(*STAFF)
def round_solve(round_id: int):
    return _start_solve(round_id, rematch=False)


@bp.route("/rounds/<int:round_id>/rematch", methods=["POST"])
@roles_required(*STAFF)
def round_rematch(round_id: int):
    return _start_solve(round_id, rematch=True)


@bp.route("/rounds/<int:round_id>/publish", methods=["POST"])
@roles_required(*STAFF)
def round_publish(round_id: int):
    match_round = round_or_404(round_id)
    seen = request.form.get("offers")  # sent by the preview: the offers it showed
    if seen is not None and match_round.state is RoundState.SOLVED \
            and seen != str(len(publish_preview(db.session, match_round).offers)):
        flash("The proposals changed since the preview was shown: check it again before publishing.", "error")
        return redirect(url_for("intermediary.round_publish_preview", round_id=round_id))
    try:
        published = service.publish_round(db.session, current_user, round_id)
    except service.RoundError as error:
        flash(error.message, "error")
        return redirect(url_for("intermediary.round_detail", round_id=round_id))
    flash(f"Published: {published.offers} offers made; notifications are in the outbox.", "success")
    if published.dropped:
        reasons = "; ".join(sorted({d.reason for d in published.dropped}))
        flash(f"{len(published.dropped)} proposals were not offered ({reasons}); re-match to fill them.", "error")
    if published.without_email:
        flash(f"{published.without_email} students have no e-mail address: call them or print their letters "
              f"(Not yet reached).", "error")
    return redirect(url_for("intermediary.round_detail", round_id=round_id))


@bp.route("/rounds/<int:round_id>/export/<kind>")
@roles_required(*STAFF)
def round_export(round_id: int, kind: str):
    match_round = round_or_404(round_id)
    if kind not in EXPORTS:
        abort(404)
    try:
        data = export_round(db.session, match_round, kind)
    except ExportError as error:
        flash(str(error), "error")
        return redirect(url_for("intermediary.round_detail", round_id=round_id))
    return Response(data, mimetype=EXPORTS[kind], headers={
        "Content-Disposition": f'attachment; filename="{export_filename(match_round, kind)}"'})
