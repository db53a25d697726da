"""Addresses other services call, without an account or a session: Twilio's incoming text messages. Each
checks the caller's own signature instead of a sign-in and a CSRF token."""
from flask import Blueprint

bp = Blueprint("hooks", __name__, url_prefix="/hooks")

from wbl_match.web.hooks import routes  # noqa: E402,F401
