"""The administrator's accounts page: invite staff, deactivate, reactivate and reset access (each asking first)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import Role, User
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts import administration, two_step
from wbl_match.services.accounts.users import AccountError
from wbl_match.services.errors import Refused
from wbl_match.services.overview import consortium_users
from wbl_match.web.admin import bp


class InviteForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the person's name."), Length(max=200)])
    email = EmailField("E-mail", validators=[DataRequired("Enter an e-mail address."), Length(max=254)])
    role = SelectField("Role", choices=[(r.value, r.label) for r in administration.STAFF_ROLES])


def reset_link(token: str) -> str:
    """The address of the page where a one-time token chooses a password."""
    return url_for("auth.reset_password", token=token, _external=True)


def _me() -> User:
    return current_user._get_current_object()


class TwoStepRequirementForm(FlaskForm):
    required = BooleanField("Require two-step sign-in of coordinators and administrators")


def accounts_page(form: InviteForm | None = None, status: int = 200):
    consortium = current_user.consortium
    return render_template("admin/home.html", users_by_role=consortium_users(db.session, current_user.consortium_id),
                           form=form or InviteForm(), action=FlaskForm(),
                           two_step_on=two_step.staff_enrolment(db.session, current_user.consortium_id),
                           two_step_form=TwoStepRequirementForm(required=consortium.staff_two_step_required),
                           two_step_roles=two_step.TWO_STEP_ROLES), status


@bp.route("/users/invite", methods=["POST"])
@roles_required(Role.ADMIN)
def invite_user():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = administration.invite_staff(db.session, get_passwords(current_app), _me(), form.email.data,
                                               form.name.data, Role(form.role.data), reset_link)
        except AccountError as error:
            getattr(form, error.field, form.email).errors.append(error.message)
        else:
            flash(f"{user.name} is invited: an e-mail brings them a link to choose their password (7 days).",
                  "success")
            return redirect(url_for("admin.home"))
    return accounts_page(form, 422)


def _confirm(user: User, title: str, consequences: list[str], endpoint: str, label: str):
    return render_template("confirm.html", title=title, lead=f"{user.name} · {user.email}", consequences=consequences,
                           allowed=True, back=url_for("admin.home"), back_label="Users",
                           action=url_for(endpoint, user_id=user.id), confirm_label=label)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET"])
@roles_required(Role.ADMIN)
def deactivate_confirm(user_id: int):
    user = get_scoped_or_404(User, user_id)
    return _confirm(user, f"Deactivate {user.name}?", administration.deactivate_consequences(user),
                    "admin.deactivate_user", "Deactivate the account")


@bp.route("/users/<int:user_id>/reset", methods=["GET"])
@roles_required(Role.ADMIN)
def reset_confirm(user_id: int):
    user = get_scoped_or_404(User, user_id)
    return _confirm(user, f"Reset {user.name}'s access?", administration.reset_consequences(user),
                    "admin.reset_user", "Reset access")


def _change(user_id: int, change, done: str):
    user = get_scoped_or_404(User, user_id)
    if not FlaskForm().validate_on_submit():
        flash("The page had expired. Please try again.", "error")
        return redirect(url_for("admin.home"))
    try:
        change(db.session, _me(), user)
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(done.format(name=user.name), "success")
    return redirect(url_for("admin.home"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int):
    return _change(user_id, administration.deactivate, "{name}'s account is deactivated.")


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate_user(user_id: int):
    return _change(user_id, administration.reactivate, "{name}'s account is active again.")


@bp.route("/users/<int:user_id>/reset", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_user(user_id: int):
    return _change(user_id, lambda session, actor, user: administration.reset_access(session, actor, user, reset_link),
                   "{name}'s password no longer works; an e-mail brings them a link to choose a new one.")


@bp.route("/users/<int:user_id>/two-step-reset", methods=["GET"])
@roles_required(Role.ADMIN)
def two_step_reset_confirm(user_id: int):
    user = get_scoped_or_404(User, user_id)
    return _confirm(user, f"Reset {user.name}'s two-step sign-in?", two_step.reset_consequences(user),
                    "admin.two_step_reset_user", "Reset two-step sign-in")


@bp.route("/users/<int:user_id>/two-step-reset", methods=["POST"])
@roles_required(Role.ADMIN)
def two_step_reset_user(user_id: int):
    return _change(user_id, two_step.reset_by_admin,
                   "{name}'s two-step sign-in is reset: they sign in with their password and can set it up again.")


@bp.route("/two-step-requirement", methods=["POST"])
@roles_required(Role.ADMIN)
def two_step_requirement():
    form = TwoStepRequirementForm()
    if not form.validate_on_submit():
        flash("The page had expired. Please try again.", "error")
    else:
        two_step.set_staff_requirement(db.session, _me(), bool(form.required.data))
        flash("Coordinators and administrators must now sign in in two steps; those who have not set it up are "
              "asked to at their next sign-in." if form.required.data
              else "Two-step sign-in is now each person's choice.", "success")
    return redirect(url_for("admin.home"))
