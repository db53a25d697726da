"""Two-step sign-in pages: the second step after the password, setting it up (at sign-in when the consortium
requires it, or from the account page), recovery codes, turning it off.

Between the password and the second step the person is not signed in: the browser's session holds only who
passed the password step, with their session version, for ``PENDING_SECONDS``.
"""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import segno
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from wbl_match.access import public, roles_required
from wbl_match.extensions import csrf, db, limiter
from wbl_match.models import User
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts import two_step
from wbl_match.services.accounts.sign_in_limits import SignInLimits, TooManyAttempts
from wbl_match.services.errors import Refused
from wbl_match.web.auth import bp

PENDING = "wbl_two_step"
PENDING_SECONDS = 600


class CodeForm(FlaskForm):
    code = StringField("Code", validators=[DataRequired("Type the 6-digit code from your app, or a recovery code."),
                                           Length(max=40)])


class ProofForm(FlaskForm):
    proof = PasswordField("A current code from your app, or your password",
                          validators=[DataRequired("Type a current code from your app, or your password."),
                                      Length(max=1024)])


def safe_next(target: str | None) -> str | None:
    """Only follow ``next`` to a path on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _home(next_url: str | None) -> str:
    return safe_next(next_url) or url_for("main.index")


def begin_sign_in(user: User, next_url: str | None):
    """After a correct password: sign in, or ask for the second step (a code, or setting it up first)."""
    step = two_step.next_step(db.session, user)
    if step is None:
        login_user(user)
        return redirect(_home(next_url))
    session[PENDING] = {"user": user.id, "version": user.session_version, "at": int(time.time()),
                        "next": next_url, "step": step}
    return redirect(url_for("auth.two_step_code" if step == two_step.CODE else "auth.two_step_setup_at_sign_in"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        session.pop(PENDING, None)
        return None
    return user


def _finish(user: User):
    next_url = session.pop(PENDING, {}).get("next")
    login_user(user)
    return _home(next_url)


def _expired():
    flash("Sign in again: the page waited too long for the second step.", "info")
    return redirect(url_for("auth.login"))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def qr_svg(uri: str) -> Markup:
    """The QR code of an ``otpauth://`` address, as inline SVG (drawn here: nothing is fetched)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", border=4, omitsize=True,
                                                title="QR code to scan with your authenticator app")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1))


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _setup_context(user: User, secret: str) -> dict:
    return {"qr": qr_svg(two_step.provisioning_uri(user, secret)), "secret": _grouped(secret),
            "issuer": two_step.ISSUER}


@bp.route("/login/code", methods=["GET", "POST"])
@public
@csrf.exempt  # checked below, after the rate limit has counted the attempt
@limiter.limit(_login_limit, methods=["POST"])
def two_step_code():
    if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    user = _pending_user()
    if user is None or session[PENDING].get("step") != two_step.CODE:
        return _expired()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            passed = two_step.attempt_second_step(db.session, SignInLimits.from_config(current_app.config), user,
                                                  form.code.data, request.remote_addr or "unknown")
        except TooManyAttempts as refusal:
            form.form_errors.append(refusal.message)
            return (render_template("auth/two_step_code.html", form=form), refusal.status,
                    {"Retry-After": str(refusal.seconds)})
        if passed:
            left = two_step.recovery_codes_left(db.session, user)
            target = _finish(user)
            if left <= 3:
                flash(f"You have {left} recovery codes left. Make new ones at Account, Two-step sign-in.", "info")
            return redirect(target)
        form.code.errors.append("This code is not right, or was used already. Type the code your app shows now, "
                                "or one of your recovery codes.")
        form.code.data = ""
    status = 422 if request.method == "POST" else 200
    return render_template("auth/two_step_code.html", form=form), status


@bp.route("/login/two-step-setup", methods=["GET", "POST"])
@public
def two_step_setup_at_sign_in():
    user = _pending_user()
    if user is None or session[PENDING].get("step") != two_step.ENROL:
        return _expired()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = two_step.confirm_enrolment(db.session, user, form.code.data)
        except two_step.TwoStepError as error:
            form.code.errors.append(error.message)
            form.code.data = ""
        except Refused:
            return _expired()
        else:
            target = _finish(user)
            return render_template("auth/two_step_codes.html", codes=codes, first=True, next_url=target)
    secret = two_step.pending_secret(db.session, user) or two_step.start_enrolment(db.session, user)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/two_step_setup.html", form=form, at_sign_in=True, user=user,
                           **_setup_context(user, secret)), status


# --- the account page --------------------------------------------------------------------------------

def _me() -> User:
    return current_user._get_current_object()


def _proof(form: ProofForm) -> two_step.Proof:
    return two_step.Proof(form.proof.data, request.remote_addr or "unknown", get_passwords(current_app),
                          SignInLimits.from_config(current_app.config))


def _regenerate_form() -> ProofForm:
    return ProofForm(prefix="regenerate")


def _disable_form() -> ProofForm:
    return ProofForm(prefix="disable")


def _account_page(regenerate_form: ProofForm | None = None, disable_form: ProofForm | None = None,
                  code_form: CodeForm | None = None, status: int = 200):
    user = _me()
    on = two_step.is_on(db.session, user)
    secret = None if on else two_step.pending_secret(db.session, user)
    context = _setup_context(user, secret) if secret else {}
    return render_template("auth/two_step.html", on=on, setting_up=secret is not None,
                           required=two_step.is_required(db.session, user),
                           left=two_step.recovery_codes_left(db.session, user) if on else 0,
                           regenerate_form=regenerate_form or _regenerate_form(),
                           disable_form=disable_form or _disable_form(), form=code_form or CodeForm(), start=FlaskForm(),
                           **context), status


@bp.route("/account/two-step", methods=["GET"])
@roles_required(*two_step.TWO_STEP_ROLES)
def two_step_account():
    return _account_page()


@bp.route("/account/two-step/start", methods=["POST"])
@roles_required(*two_step.TWO_STEP_ROLES)
def two_step_start():
    if FlaskForm().validate_on_submit():
        try:
            two_step.start_enrolment(db.session, _me())
        except Refused as refusal:
            flash(refusal.message, "error")
    return redirect(url_for("auth.two_step_account") + "#setup")


@bp.route("/account/two-step/confirm", methods=["POST"])
@roles_required(*two_step.TWO_STEP_ROLES)
def two_step_confirm():
    form = CodeForm()
    return _new_codes(form, form.code, lambda: two_step.confirm_enrolment(db.session, _me(), form.code.data),
                      first=True, page={"code_form": form})


@bp.route("/account/two-step/recovery-codes", methods=["POST"])
@roles_required(*two_step.TWO_STEP_ROLES)
def two_step_recovery_codes():
    form = _regenerate_form()
    return _new_codes(form, form.proof, lambda: two_step.regenerate_recovery_codes(db.session, _me(), _proof(form)),
                      first=False, page={"regenerate_form": form})


def _new_codes(form, field, make_codes, first: bool, page: dict):
    """Show the recovery codes ``make_codes`` gives (once), or the account page with the reason beside ``field``."""
    if form.validate_on_submit():
        try:
            codes = make_codes()
        except (two_step.TwoStepError, TooManyAttempts) as error:
            field.errors.append(error.message)
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for("auth.two_step_account"))
        else:
            return render_template("auth/two_step_codes.html", codes=codes, first=first,
                                   next_url=url_for("auth.two_step_account"))
    return _account_page(status=422, **page)


@bp.route("/account/two-step/disable", methods=["POST"])
@roles_required(*two_step.TWO_STEP_ROLES)
def two_step_disable():
    form = _disable_form()
    if form.validate_on_submit():
        try:
            two_step.disable(db.session, _me(), _proof(form))
        except (two_step.TwoStepError, TooManyAttempts) as error:
            form.proof.errors.append(error.message)
        except Refused as refusal:
            flash(refusal.message, "error")
            return redirect(url_for("auth.two_step_account"))
        else:
            flash("Two-step sign-in is off: your password alone signs you in.", "success")
            return redirect(url_for("auth.two_step_account"))
    return _account_page(disable_form=form, status=422)
