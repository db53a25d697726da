"""Accepting an invitation: the invited person sets a password through a single-use, expiring link."""
from flask import abort, current_app, flash, render_template, request
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from wbl_match.access import public
from wbl_match.extensions import db
from wbl_match.passwords import get_passwords
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.accounts.invitations import accept_invitation, find_invitation
from wbl_match.web.auth import bp
from wbl_match.web.auth.two_step import begin_sign_in


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Enter your name.")), Length(max=200)])
    password = PasswordField(_l("Choose a password"), validators=[DataRequired(_l("Choose a password.")),
                                                                    Length(max=1024)])
    confirm_password = PasswordField(_l("Password again"), validators=[
        DataRequired(_l("Type the password again."))])


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
def accept(token):
    invitation = find_invitation(db.session, token)
    if invitation is None:
        # Unknown, used and expired links look the same: nothing about them is revealed.
        abort(404)
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = accept_invitation(db.session, get_passwords(current_app), token, form.name.data,
                                     form.password.data, form.confirm_password.data)
        except FieldErrors as errors:
            for name, messages in errors.errors.items():
                getattr(form, name).errors = list(getattr(form, name).errors) + messages
        except Refused:
            abort(404)
        else:
            flash(gettext("Welcome! Your account is ready."), "success")
            return begin_sign_in(user, None)
    status = 422 if request.method == "POST" else 200
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation), status
