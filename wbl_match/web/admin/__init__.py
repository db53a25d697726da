"""Pages for the admin role."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from wbl_match.web.admin import routes  # noqa: E402,F401
from wbl_match.web.admin import tokens  # noqa: E402,F401
from wbl_match.web.admin import work_limits  # noqa: E402,F401
from wbl_match.web.admin import accounts  # noqa: E402,F401
