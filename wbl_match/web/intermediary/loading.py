"""Loading a round's records within the signed-in user's consortium (404 otherwise)."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from wbl_match.access import get_scoped_or_404
from wbl_match.extensions import db
from wbl_match.models import MatchRound, OutboxMessage, Placement


def round_or_404(round_id: int) -> MatchRound:
    return get_scoped_or_404(MatchRound, round_id)


def placement_or_404(match_round: MatchRound, placement_id: int) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.round_id != match_round.id:
        abort(404)
    return placement


def message_or_404(message_id: int) -> OutboxMessage:
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.consortium_id != current_user.consortium_id:
        abort(404)
    return message
