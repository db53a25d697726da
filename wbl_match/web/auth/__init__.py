"""Sign in (in two steps where set up), sign out, change password, accept an invitation, an employer's or a
student's own API tokens."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from wbl_match.web.auth import invitations, personal_tokens, recovery, routes, two_step  # noqa: E402,F401
