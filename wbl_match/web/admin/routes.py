from wbl_match.access import roles_required
from wbl_match.models import Role
from wbl_match.web.admin import bp
from wbl_match.web.admin.accounts import accounts_page


@bp.route("/")
@roles_required(Role.ADMIN)
def home():
    return accounts_page()
