"""The intermediary invites employers' and students' people; the link is e-mailed and shown here once."""
from flask import render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

import sqlalchemy as sa

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Employer, Role
from wbl_match.services.errors import FieldErrors
from wbl_match.services.accounts.invitations import InvitationRequest, create_invitation
from wbl_match.web.intermediary import bp


class InvitationForm(FlaskForm):
    role = SelectField("Invite", choices=[SelectChoice("employer", "Someone at an employer"),
                                            SelectChoice("student", "A student")],
                       validators=[DataRequired("Choose whom you invite.")])
    email = EmailField("Their e-mail", validators=[DataRequired("Enter their e-mail address."), Length(max=254)])
    employer_id = SelectField("Employer", choices=[], validators=[Optional()])
    new_employer_name = StringField("Or a new employer's name", validators=[Optional(), Length(max=200)])
    student_external_id = StringField("Student's school ID (SSID)", validators=[Optional(), Length(max=64)])


def _form(**kwargs) -> InvitationForm:
    form = InvitationForm(**kwargs)
    employers = db.session.execute(sa.select(Employer.id, Employer.name).where(
        Employer.consortium_id == current_user.consortium_id).order_by(Employer.name)).all()
    form.employer_id.choices = [SelectChoice("", "Choose an employer")] + [SelectChoice(str(i), name)
                                                                         for i, name in employers]
    return form


@bp.route("/invitations", methods=["GET", "POST"])
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def invitations():
    form = _form()
    if form.validate_on_submit():
        data = InvitationRequest(role=Role(form.role.data), email=form.email.data,
                                 employer_id=int(form.employer_id.data) if form.employer_id.data else None,
                                 new_employer_name=form.new_employer_name.data,
                                 student_external_id=form.student_external_id.data)
        try:
            created = create_invitation(db.session, current_user._get_current_object(), data,
                                        lambda token: url_for("auth.accept", token=token, _external=True))
        except FieldErrors as errors:
            for name, messages in errors.errors.items():
                getattr(form, name).errors = list(getattr(form, name).errors) + messages
        else:
            # A fresh, empty form for the next invitation; the link is shown with it this once.
            return render_template("intermediary/invitations.html", form=_form(formdata=None), link=created.link,
                                   invited=created.invitation)
    status = 422 if request.method == "POST" else 200
    return render_template("intermediary/invitations.html", form=form, link=None, invited=None), status
