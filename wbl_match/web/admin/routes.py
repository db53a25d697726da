from flask import render_template
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.overview import consortium_users
from wbl_match.access import roles_required
from wbl_match.web.admin import bp


@bp.route("/")
@roles_required(Role.ADMIN)
def home():
    users = consortium_users(db.session, current_user.consortium_id)
    return render_template("admin/home.html", users_by_role=users)
