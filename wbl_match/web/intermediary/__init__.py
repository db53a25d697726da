"""Pages for the intermediary role."""
from flask import Blueprint

bp = Blueprint("intermediary", __name__, url_prefix="/intermediary")


from wbl_match.web.intermediary import routes  # noqa: E402,F401
from wbl_match.web.intermediary import outbox, review, rounds  # noqa: E402,F401
from wbl_match.web.intermediary import invitations  # noqa: E402,F401
from wbl_match.web.intermediary import imports  # noqa: E402,F401
from wbl_match.web.intermediary import students  # noqa: E402,F401
from wbl_match.web.intermediary import employers  # noqa: E402,F401
from wbl_match.web.intermediary import equity  # noqa: E402,F401
from wbl_match.web.intermediary import work_limits  # noqa: E402,F401
from wbl_match.web.intermediary import after_match, state_report  # noqa: E402,F401
from wbl_match.web.intermediary import reaching, safe_actions  # noqa: E402,F401
