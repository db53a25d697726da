from flask import render_template
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.overview import consortium_overview
from wbl_match.services.todo import todo_list
from wbl_match.access import roles_required
from wbl_match.web.intermediary import bp


@bp.route("/")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def home():
    overview = consortium_overview(db.session, current_user.consortium_id)
    return render_template("intermediary/home.html", overview=overview,
                           todo=todo_list(db.session, current_user.consortium_id))
