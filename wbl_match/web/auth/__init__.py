"""Sign in, sign out, change password."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from wbl_match.web.auth import routes  # noqa: E402,F401
