"""The student's text messages: agreeing to them at a number (consent recorded), or STOP."""
from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm

from wbl_match import sms
from wbl_match.languages import translate
from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.errors import FieldErrors
from wbl_match.services.outbox.texts import set_texts
from wbl_match.services.students import their_rounds as student_view
from wbl_match.web.student import bp

#: Where consent is recorded as given (``StudentProfile.sms_consent_page``).
CONSENT_PAGE = "student profile page (/student/profile)"


@bp.route("/texts", methods=["POST"])
@roles_required(Role.STUDENT)
def texts():
    own = student_view.own_profile(db.session, current_user._get_current_object())
    if own is None or not _texts_enabled() or not FlaskForm().validate_on_submit():
        return redirect(url_for("student.profile"))
    wanted = request.form.get("texts") == "yes"
    try:
        set_texts(db.session, current_user._get_current_object(), own, wanted, CONSENT_PAGE,
                  phone=request.form.get("phone"))
    except FieldErrors as errors:
        for messages in errors.errors.values():
            for message in messages:
                flash(translate(message, gettext), "error")
        return redirect(url_for("student.profile") + "#texts")
    flash(gettext("You will get text messages at %(number)s.", number=own.phone) if wanted
          else gettext("No more text messages will be sent to you."), "success")
    return redirect(url_for("student.profile") + "#texts")


def _texts_enabled() -> bool:
    """Whether this application sends text messages (``WBL_SMS_PROVIDER``)."""
    settings = current_app.extensions.get("wbl_sms")
    return settings.enabled if settings is not None else sms.texts_enabled()


@bp.context_processor
def _texts_context():
    return {"texts_enabled": _texts_enabled}
