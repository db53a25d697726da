"""Pages for the employer role."""
from flask import Blueprint

bp = Blueprint("employer", __name__, url_prefix="/employer")

from wbl_match.web.employer import routes  # noqa: E402,F401
