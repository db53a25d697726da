"""Pages for the student role: profile, slots to rank, placement."""
from flask import Blueprint

from wbl_match.web.schedule_grid import grid_context

bp = Blueprint("student", __name__, url_prefix="/student")
bp.context_processor(grid_context)

from wbl_match.web.student import placements, routes  # noqa: E402,F401
from wbl_match.web.student import progress, texts  # noqa: E402,F401
