"""Loading a round's records within the signed-in user's consortium (404 otherwise), through ``access``."""
from __future__ import annotations

from wbl_match.access import get_owned_or_404, get_scoped_or_404
from wbl_match.models import MatchRound, OutboxMessage, Placement


def round_or_404(round_id: int) -> MatchRound:
    return get_scoped_or_404(MatchRound, round_id)


def placement_or_404(match_round: MatchRound, placement_id: int) -> Placement:
    return get_owned_or_404(Placement, placement_id, lambda p: p.round.consortium_id,
                            belongs=lambda p: p.round_id == match_round.id)


def message_or_404(message_id: int) -> OutboxMessage:
    return get_scoped_or_404(OutboxMessage, message_id)
