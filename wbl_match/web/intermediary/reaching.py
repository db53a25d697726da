"""Reaching students and families without e-mail: who to call, and a letter home for each, in their language."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_babel import force_locale
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role, RoundState
from wbl_match.services.rounds.reaching import not_yet_reached
from wbl_match.web.intermediary import bp
from wbl_match.web.intermediary.loading import round_or_404

STAFF = (Role.INTERMEDIARY, Role.ADMIN)


def _published_round(round_id: int):
    match_round = round_or_404(round_id)
    if match_round.state is not RoundState.PUBLISHED:
        abort(404)
    return match_round


@bp.route("/rounds/<int:round_id>/unreached")
@roles_required(*STAFF)
def round_unreached(round_id: int):
    match_round = _published_round(round_id)
    return render_template("intermediary/unreached.html", match_round=match_round,
                           rows=not_yet_reached(db.session, match_round))


def _letter(row, match_round, sign_in_url: str) -> str:
    """One student's letter: the student's part in their language, the family's in the guardian's."""
    parts = []
    for language, template in ((row.language, "letters/_student.html"), (row.guardian_language, "letters/_family.html")):
        with force_locale(language):
            parts.append(render_template(template, row=row, match_round=match_round, sign_in_url=sign_in_url,
                                         coordinator=current_user, language=language))
    return "".join(parts)


@bp.route("/rounds/<int:round_id>/letters")
@roles_required(*STAFF)
def round_letters(round_id: int):
    match_round = _published_round(round_id)
    sign_in_url = url_for("auth.login", _external=True)
    letters = [_letter(row, match_round, sign_in_url) for row in not_yet_reached(db.session, match_round)]
    return render_template("intermediary/letters.html", match_round=match_round, letters=letters)
