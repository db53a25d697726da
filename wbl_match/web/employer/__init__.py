"""Pages for the employer role: slots, the organisation's profile and contacts, rounds."""
from flask import Blueprint

from wbl_match.web.schedule_grid import grid_context

bp = Blueprint("employer", __name__, url_prefix="/employer")
bp.context_processor(grid_context)

from wbl_match.web.employer import organisation, rounds, routes, work_limits  # noqa: E402,F401
from wbl_match.web.employer import hours  # noqa: E402,F401
