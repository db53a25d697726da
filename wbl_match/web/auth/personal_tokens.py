"""An employer's or a student's own API tokens: for an app that reads and records their placements' checklist,
hours and evaluations through the API, acting as them. Shown once; revocable."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import ApiToken, Role
from wbl_match.services.accounts.api_tokens import (
    TokenError, create_personal_token, personal_tokens, revoke_api_token,
)
from wbl_match.services.tenancy import find_by_key
from wbl_match.web.auth import bp
from wbl_match.web.auth.forms import PersonalTokenForm

PERSONAL = (Role.EMPLOYER, Role.STUDENT)


def _page(form: PersonalTokenForm, new_token: str | None = None, status: int = 200):
    tokens = personal_tokens(db.session, current_user)
    return render_template("auth/personal_tokens.html", form=form, tokens=tokens, new_token=new_token), status


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@roles_required(*PERSONAL)
def personal_api_tokens():
    form = PersonalTokenForm()
    if not form.is_submitted():
        return _page(form)
    if form.validate():
        try:
            _, token = create_personal_token(db.session, current_user._get_current_object(), form.name.data)
        except TokenError as error:
            form.name.errors.append(error.message)
        else:
            return _page(PersonalTokenForm(formdata=None), new_token=token, status=201)
    return _page(form, status=422)


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(*PERSONAL)
def revoke_personal_token(token_id: int):
    token = find_by_key(db.session, ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    revoke_api_token(db.session, current_user._get_current_object(), token)
    flash(gettext("The token “%(name)s” is revoked.", name=token.name), "success")
    return redirect(url_for("auth.personal_api_tokens"))
