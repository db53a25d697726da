"""Forgot password: ask for a one-time link by e-mail, then choose a new password through it."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from wbl_match.access import public
from wbl_match.extensions import db, limiter
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts.recovery import complete_reset, find_reset, request_reset
from wbl_match.services.accounts.users import AccountError
from wbl_match.web.auth import bp

#: Requests for links from one address: a person needs one or two; more is someone trying addresses.
FORGOT_RATE_LIMIT = "5 per hour"


class ForgotForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired("Enter your e-mail address."), Length(max=254)])


class ResetForm(FlaskForm):
    new_password = PasswordField("New password", validators=[DataRequired("Choose a new password."),
                                                             Length(max=1024)])
    confirm_password = PasswordField("New password again", validators=[DataRequired("Type the new password again.")])


@bp.route("/forgot-password", methods=["GET", "POST"])
@public
@limiter.limit(FORGOT_RATE_LIMIT, methods=["POST"])
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        request_reset(db.session, form.email.data,
                      lambda token: url_for("auth.reset_password", token=token, _external=True))
        flash("If an account has this e-mail address, a link to choose a new password is on its way. "
              "It works once, within the hour.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    if find_reset(db.session, token) is None:
        return render_template("auth/reset_gone.html"), 404
    form = ResetForm()
    if form.validate_on_submit():
        try:
            complete_reset(db.session, get_passwords(current_app), token, form.new_password.data,
                           form.confirm_password.data)
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            flash("Your new password is set. Sign in with it.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
