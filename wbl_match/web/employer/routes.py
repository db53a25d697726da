from flask import render_template
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.overview import employer_slots
from wbl_match.access import roles_required
from wbl_match.web.employer import bp


@bp.route("/")
@roles_required(Role.EMPLOYER)
def home():
    slots = employer_slots(db.session, current_user.employer_id)
    return render_template("employer/home.html", employer=current_user.employer, slots=slots)
