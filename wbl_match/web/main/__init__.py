"""The front door (redirect to the role's home) and the health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from wbl_match.web.main import routes  # noqa: E402,F401
