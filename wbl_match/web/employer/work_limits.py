"""Employers read the consortium's limits for minors that decide who can be matched to their slots."""
from __future__ import annotations

from wbl_match.access import roles_required
from wbl_match.models import Role
from wbl_match.web.employer import bp
from wbl_match.web.work_limits_page import render_limits


@bp.route("/work-limits")
@roles_required(Role.EMPLOYER)
def work_limits():
    return render_limits(history_shown=False)
