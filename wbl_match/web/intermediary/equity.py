"""The equity and reach report of a round: the page and its CSV (suppressed figures only)."""
from __future__ import annotations

from flask import Response, render_template

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.equity import SMALL_CELL, equity_csv, equity_report
from wbl_match.services.rounds.exports import export_filename
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.loading import round_or_404

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


@bp.route("/rounds/<int:round_id>/equity")
@roles_required(*STAFF)
def round_equity(round_id: int):
    match_round = round_or_404(round_id)
    return render_template("intermediary/equity.html", match_round=match_round,
                           report=equity_report(db.session, match_round), small_cell=SMALL_CELL)


@bp.route("/rounds/<int:round_id>/equity.csv")
@roles_required(*STAFF)
def round_equity_csv(round_id: int):
    match_round = round_or_404(round_id)
    data = equity_csv(equity_report(db.session, match_round))
    return Response(data, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{export_filename(match_round, "equity.csv")}"'})
