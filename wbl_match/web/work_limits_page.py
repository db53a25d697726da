"""The page of the consortium's limits for minors, shared by staff and employers."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from wbl_match.extensions import db
from wbl_match.services import work_limits


def render_limits(history_shown: bool = True):
    """The limits in plain words with their sources (staff also see every version)."""
    history = work_limits.table_history(db.session, current_user.consortium_id)
    return render_template("work_limits.html", table=history[0], history=history if history_shown else [],
                           sources=work_limits.SOURCES, title_of=work_limits.band_title,
                           lines_of=work_limits.band_lines)
