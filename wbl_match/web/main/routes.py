from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.jobs import get_queue
from wbl_match.models import Role
from wbl_match.services.health import check_database
from wbl_match.access import public, roles_required
from wbl_match.web.main import bp

HOME_BY_ROLE = {
    Role.ADMIN: "admin.home",
    Role.INTERMEDIARY: "intermediary.home",
    Role.EMPLOYER: "employer.home",
    Role.STUDENT: "student.home",
}


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for(HOME_BY_ROLE[current_user.role]))


@bp.route("/healthz")
@public
def healthz():
    database = check_database(db.session)
    jobs = get_queue().status()
    healthy = database["ok"] and jobs["ok"]
    return jsonify(status="ok" if healthy else "degraded", database=database, jobs=jobs), 200 if healthy else 503


#: The help page of each role (templates/help/<name>.html).
HELP_BY_ROLE = {Role.ADMIN: "admin", Role.INTERMEDIARY: "intermediary", Role.EMPLOYER: "employer",
                Role.STUDENT: "student"}


@bp.route("/help")
@roles_required(*HELP_BY_ROLE)
def help_page():
    return render_template(f"help/{HELP_BY_ROLE[current_user.role]}.html")
