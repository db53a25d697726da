"""Guardian consent and a supervisor's weekly approval, by one-time link (public; the token is the key)."""
from __future__ import annotations

from flask import render_template, request
from flask_wtf import FlaskForm

from wbl_match.access import public
from wbl_match.extensions import db
from wbl_match.localisation import local_today
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.placements.consent import RELATIONSHIPS, open_consent, sign_consent
from wbl_match.services.placements.hours import approve_by_link, open_approval
from wbl_match.web.links import bp


@bp.after_request
def _private(response):
    # The token is in the address: never keep the page in a cache. (Other sites never see the address: the
    # application's referrer policy sends them the origin only.)
    response.headers["Cache-Control"] = "no-store"
    return response


def _gone(refusal: Refused):
    return render_template("links/gone.html", message=refusal.message), 410


@bp.route("/consent/<token>", methods=["GET", "POST"])
@public
def consent(token):
    form, errors = FlaskForm(), {}
    try:
        _, about = open_consent(db.session, token)
    except Refused as refusal:
        return _gone(refusal)
    if request.method == "POST" and form.validate_on_submit():
        try:
            about = sign_consent(db.session, token, name=request.form.get("name"),
                                 relationship=request.form.get("relationship"), signed_on=request.form.get("signed_on"),
                                 from_address=request.remote_addr, agent=request.headers.get("User-Agent"))
        except FieldErrors as problem:
            errors = problem.errors
        except Refused as refusal:
            return _gone(refusal)
        else:
            return render_template("links/consent_done.html", about=about)
    status = 422 if request.method == "POST" else 200
    return render_template("links/consent.html", about=about, form=form, errors=errors,
                           relationships=RELATIONSHIPS, today=local_today(),
                           submitted=request.form if request.method == "POST" else None), status


@bp.route("/hours-approval/<token>", methods=["GET", "POST"])
@public
def hours(token):
    form, errors = FlaskForm(), {}
    try:
        progress, monday, week = open_approval(db.session, token)
    except Refused as refusal:
        return _gone(refusal)
    if request.method == "POST" and form.validate_on_submit():
        try:
            days = approve_by_link(db.session, token, request.form.get("name"))
        except FieldErrors as problem:
            errors = problem.errors
        except Refused as refusal:
            return _gone(refusal)
        else:
            return render_template("links/hours_done.html", days=days, monday=monday,
                                   first_name=progress.placement.student.first_name)
    status = 422 if request.method == "POST" else 200
    return render_template("links/hours.html", progress=progress, monday=monday, week=week, form=form,
                           errors=errors), status
