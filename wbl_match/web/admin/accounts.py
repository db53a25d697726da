"""The administrator's accounts page: invite staff, deactivate, reactivate and reset access (each asking first)."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import Role, User
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts import administration
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


def accounts_page(form: InviteForm | None = None, status: int = 200):
    return render_template("admin/home.html", users_by_role=consortium_users(db.session, current_user.consortium_id),
                           form=form or InviteForm(), action=FlaskForm()), status


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
