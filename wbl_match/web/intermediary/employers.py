"""The consortium's employers for its coordinators: find one, see its contacts and how its slots are used."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from wbl_match.access import get_scoped_or_404, roles_required
from wbl_match.extensions import db
from wbl_match.models import Employer, Role
from wbl_match.reference import SECTOR_BY_CODE, SECTORS
from wbl_match.services.employers.directory import employer_slots, search_employers
from wbl_match.web.intermediary import bp

PER_PAGE = 25


@bp.route("/employers")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def employers():
    text = request.args.get("q", "")[:100]
    sector = request.args.get("sector") or None
    if sector not in SECTOR_BY_CODE:
        sector = None  # an unknown sector filters nothing rather than failing
    found = search_employers(db.session, current_user.consortium_id, text=text, sector=sector,
                             page=request.args.get("page", 1, type=int) or 1, per_page=PER_PAGE)
    return render_template("intermediary/employers.html", found=found, text=text, sector=sector, sectors=SECTORS)


@bp.route("/employers/<int:employer_id>")
@roles_required(Role.INTERMEDIARY, Role.ADMIN)
def employer(employer_id: int):
    record = get_scoped_or_404(Employer, employer_id)
    return render_template("intermediary/employer.html", employer=record,
                           slots=employer_slots(db.session, record), accounts=len(record.users))
