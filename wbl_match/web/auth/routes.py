from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from wbl_match.extensions import csrf, db, limiter
from wbl_match.models import Role
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts.sign_in_limits import SignInLimits, TooManyAttempts, attempt_sign_in
from wbl_match.services.accounts import two_step
from wbl_match.services.accounts.users import AccountError, change_password, end_sessions
from wbl_match.access import public, roles_required
from wbl_match.web.auth import bp
from wbl_match.web.auth.forms import LoginForm, PasswordChangeForm
from wbl_match.web.auth.two_step import begin_sign_in

ALL_ROLES = tuple(Role)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@csrf.exempt  # checked below, after the rate limit has counted the attempt
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        try:
            user = attempt_sign_in(db.session, get_passwords(current_app), SignInLimits.from_config(current_app.config),
                                   form.email.data, form.password.data, request.remote_addr or "unknown")
        except TooManyAttempts as refusal:
            form.form_errors.append(refusal.message)
            return render_template("auth/login.html", form=form), refusal.status, {"Retry-After": str(refusal.seconds)}
        if user is not None:
            return begin_sign_in(user, request.args.get("next"))
        form.form_errors.append(gettext("E-mail or password is not correct."))
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@roles_required(*ALL_ROLES)
def logout():
    end_sessions(db.session, current_user._get_current_object())
    logout_user()
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*ALL_ROLES)
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(db.session, get_passwords(current_app), user, form.current_password.data,
                            form.new_password.data, form.confirm_password.data)
        except AccountError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            login_user(user)  # keep this browser signed in under the new session version
            flash(gettext("Your password is changed. Other devices have been signed out."), "success")
            return redirect(url_for("main.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form,
                           two_step_on=two_step.is_on(db.session, current_user) if two_step.may_use(current_user)
                           else None), status
