"""Pages reached by a one-time link, for people without an account: a guardian's consent, a supervisor's
approval of a week of hours. Each shows only what its signer signs."""
from flask import Blueprint

bp = Blueprint("links", __name__)

from wbl_match.web.links import routes  # noqa: E402,F401
