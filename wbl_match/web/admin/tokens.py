"""API tokens: administrators and intermediaries create and revoke them; a token is shown only once."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import ApiToken, Role
from wbl_match.services.accounts.api_tokens import TokenError, consortium_tokens, create_api_token, revoke_api_token
from wbl_match.web.admin import bp

STAFF = (Role.ADMIN, Role.INTERMEDIARY)


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the token a name."), Length(max=120)])
    role = SelectField("Role", choices=[SelectChoice(Role.INTERMEDIARY.value, "Intermediary"),
                                        SelectChoice(Role.ADMIN.value, "Administrator")])


def _form() -> TokenForm:
    form = TokenForm()
    if current_user.role is not Role.ADMIN:
        form.role.choices = [SelectChoice(Role.INTERMEDIARY.value, "Intermediary")]
    return form


def _page(form: TokenForm, new_token: str | None = None, status: int = 200):
    tokens = consortium_tokens(db.session, current_user.consortium_id)
    return render_template("admin/tokens.html", form=form, tokens=tokens, new_token=new_token), status


@bp.route("/tokens", methods=["GET", "POST"])
@roles_required(*STAFF)
def tokens():
    form = _form()
    if not form.is_submitted():
        return _page(form)
    if form.validate():
        try:
            _, token = create_api_token(db.session, current_user._get_current_object(), form.name.data,
                                        Role(form.role.data))
        except TokenError as error:
            getattr(form, error.field).errors.append(error.message)
        else:
            return _page(_form(), new_token=token, status=201)
    return _page(form, status=422)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(*STAFF)
def revoke_token(token_id: int):
    token = get_scoped_or_404(ApiToken, token_id)
    revoke_api_token(db.session, current_user._get_current_object(), token)
    flash(f"The token “{token.name}” is revoked; calls with it now get 401.", "success")
    return redirect(url_for("admin.tokens"))
