"""Pages for the intermediary role."""
from flask import Blueprint

bp = Blueprint("intermediary", __name__, url_prefix="/intermediary")

from wbl_match.web.intermediary import routes  # noqa: E402,F401
