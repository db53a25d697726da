from flask import render_template
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.overview import student_home
from wbl_match.access import roles_required
from wbl_match.web.student import bp


@bp.route("/")
@roles_required(Role.STUDENT)
def home():
    return render_template("student/home.html", home=student_home(db.session, current_user))
