"""``/api/v1/rounds``: match rounds, their lifecycle and their latest result."""
from __future__ import annotations

import sqlalchemy as sa
from flask_smorest import abort

from wbl_match.access import roles_required
from wbl_match.api.common import (
    blueprint, call_service, consortium_id, filtered, found_first, page, scoped,
)
from wbl_match.api.schemas.rounds import RoundQuery, RoundSchema, SolveSchema, StateChangeSchema
from wbl_match.extensions import db
from wbl_match.models import MatchRound, Role, SolveRun
from wbl_match.services.round_records import change_round_state, save_round

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("rounds", "Match rounds: who takes part, the lifecycle, and the engine's result.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(RoundQuery, location="query")
@blp.response(200, RoundSchema(many=True))
@blp.paginate()
def list_rounds(filters, pagination_parameters):
    """List rounds (filter by state)"""
    query = filtered(sa.select(MatchRound).where(MatchRound.consortium_id == consortium_id()), MatchRound, filters)
    return page(query, pagination_parameters, MatchRound.id)


@blp.route("/", methods=["POST"])
@roles_required(*STAFF)
@blp.arguments(RoundSchema)
@blp.response(201, RoundSchema)
def create_round(values):
    """Create a round (in draft)"""
    return call_service(save_round, consortium_id(), values)


@blp.route("/<int:round_id>", methods=["GET"])
@roles_required(*STAFF)
@blp.etag
@blp.response(200, RoundSchema)
def get_round(round_id):
    """Read a round"""
    return scoped(MatchRound, round_id)


@blp.route("/<int:round_id>", methods=["PATCH"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.etag
@blp.arguments(RoundSchema(partial=True))
@blp.response(200, RoundSchema)
def update_round(values, round_id):
    """Change a round's settings or members (send If-Match)"""
    match_round = scoped(MatchRound, round_id)
    blp.check_etag(match_round, RoundSchema)
    return call_service(save_round, consortium_id(), values, match_round)


@blp.route("/<int:round_id>/state", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.arguments(StateChangeSchema)
@blp.response(200, RoundSchema)
def change_state(values, round_id):
    """Move a round through its lifecycle (draft, open, closed, published, archived)"""
    return call_service(change_round_state, scoped(MatchRound, round_id), values["state"])


@blp.route("/<int:round_id>/result", methods=["GET"])
@roles_required(*STAFF)
@blp.response(200, SolveSchema)
def latest_result(round_id):
    """The round's latest solve and its result"""
    match_round = scoped(MatchRound, round_id)
    solve = sa.select(SolveRun).where(SolveRun.round_id == match_round.id).order_by(SolveRun.id.desc()).limit(1)
    found = db.session.scalar(solve)
    if found is None:
        abort(404, message="This round has not been solved yet.")
    return found
