"""The student's home, pathway profile, and the slots they may rank."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.students import preferences
from wbl_match.services.students import profiles
from wbl_match.services.students import their_rounds as student_view
from wbl_match.services.students.eligibility import eligible_slots, open_rounds_for, work_limits_note
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.domain.profiles import profile_is_complete
from wbl_match.web.languages import current_language
from wbl_match.web.refusals import field_errors_into, rule_errors_into
from wbl_match.web.student import bp
from wbl_match.web.student.forms import ProfileForm


def _user():
    return current_user._get_current_object()


@bp.route("/")
@roles_required(Role.STUDENT)
def home():
    profile = student_view.own_profile(db.session, _user())
    placements = student_view.published_placements(db.session, profile) if profile else []
    notes = student_view.unplaced_notes(db.session, profile) if profile else []
    rankings = preferences.student_rankings(db.session, profile) if profile else []
    return render_template("student/home.html", profile=profile, placements=placements, notes=notes,
                           rankings=rankings, complete=profile is not None and profile_is_complete(profile))


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(Role.STUDENT)
def profile():
    own = student_view.own_profile(db.session, _user())
    if own is None:
        return render_template("student/no_profile.html")
    form = ProfileForm() if request.method == "POST" else ProfileForm.for_profile(own)
    if form.validate_on_submit():
        try:
            profiles.update_profile(db.session, _user(), own, form.to_input())
        except FieldErrors as errors:
            field_errors_into(form, errors.errors)
        else:
            flash(gettext("Your profile is saved."), "success")
            return redirect(url_for("student.slots"))
    elif request.method == "POST":
        rule_errors_into(form, lambda: profiles.check_profile_input(form.to_input()))
    status = 422 if request.method == "POST" else 200
    return render_template("student/profile.html", form=form, profile=own), status


@bp.route("/slots", methods=["GET", "POST"])
@roles_required(Role.STUDENT)
def slots():
    own = student_view.own_profile(db.session, _user())
    if own is None:
        return render_template("student/no_profile.html")
    rounds = open_rounds_for(db.session, own)
    match_round = _chosen_round(rounds)
    here = url_for("student.slots", round=match_round.id if len(rounds) > 1 else None)
    form, errors, submitted = FlaskForm(), {}, None
    if request.method == "POST" and match_round is not None and form.validate_on_submit():
        submitted = request.form
        ranks, errors = _parse_ranks(request.form)
        if not errors:
            try:
                preferences.save_preferences(db.session, _user(), own, match_round, ranks)
            except FieldErrors as problem:
                errors = problem.errors
            except Refused as refusal:
                flash(refusal.message, "error")
                return redirect(here)
            else:
                flash(ngettext("Your ranking of %(num)d slot is saved.", "Your ranking of %(num)d slots is saved.",
                               len(ranks)), "success")
                return redirect(here)
    ranks = preferences.current_ranks(db.session, match_round, own) if match_round else {}
    can_rank = match_round is not None and preferences.ranking_is_open(match_round)
    status = 422 if request.method == "POST" else 200
    return render_template("student/slots.html", profile=own, round=match_round, rounds=rounds, can_rank=can_rank,
                           eligible=eligible_slots(db.session, own, match_round), ranks=ranks, form=form,
                           errors=errors, submitted=submitted, limits_note=work_limits_note(db.session, own, match_round, current_language()),
                           complete=profile_is_complete(own)), status


def _chosen_round(rounds):
    """The open round named by ``?round=`` (404 if the student takes no part in it), else the newest one."""
    wanted = request.args.get("round")
    if wanted is None:
        return rounds[0] if rounds else None
    chosen = next((r for r in rounds if str(r.id) == wanted), None)
    if chosen is None:
        abort(404)
    return chosen


def _parse_ranks(data) -> tuple[dict[int, int], dict[str, list[str]]]:
    ranks, errors = {}, {}
    for key, value in data.items():
        if not key.startswith("rank-") or not value.strip():
            continue
        ident = key.removeprefix("rank-")
        if not ident.isdigit() or not value.strip().isdigit():
            errors.setdefault(key, []).append(gettext("Choose a rank from the list."))
            continue
        ranks[int(ident)] = int(value)
    return ranks, errors
