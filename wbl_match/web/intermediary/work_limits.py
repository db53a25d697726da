"""The consortium's limits for minors, in plain words, for every member of staff."""
from __future__ import annotations

from wbl_match.access import roles_required
from wbl_match.models import Role
from wbl_match.web.intermediary import bp
from wbl_match.web.work_limits_page import render_limits


@bp.route("/work-limits")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def work_limits_page():
    return render_limits()
