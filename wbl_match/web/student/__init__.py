"""Pages for the student role."""
from flask import Blueprint

bp = Blueprint("student", __name__, url_prefix="/student")

from wbl_match.web.student import routes  # noqa: E402,F401
