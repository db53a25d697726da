"""Sign in (in two steps where set up), sign out, change password, accept an invitation."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from wbl_match.web.auth import invitations, recovery, routes, two_step  # noqa: E402,F401
