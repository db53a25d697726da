"""``/api/v1/rounds``: match rounds through the rounds' own services: create, edit, lifecycle, solve, result."""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_smorest import abort

from wbl_match.access import roles_required
from wbl_match.api.common import (
    blueprint, consortium_id, current_actor, filtered, found_first, page, round_service, scoped,
)
from wbl_match.api.schemas.rounds import RoundQuery, RoundSchema, SolveSchema, StateChangeSchema
from wbl_match.extensions import db
from wbl_match.jobs import get_queue
from wbl_match.models import MatchRound, Role, RoundState, SolveRun
from wbl_match.services import rounds as service
from wbl_match.services.rounds.jobs import SOLVE_JOB

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("rounds", "Match rounds: who takes part, the lifecycle, solving and the engine's result.")


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
    settings = service.RoundSettings(**values)
    return round_service(service.create_round, current_actor(), settings)


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
    """Change a round's settings or who takes part (send If-Match)"""
    match_round = scoped(MatchRound, round_id)
    blp.check_etag(match_round, RoundSchema)
    settings = dataclasses.replace(service.settings_of(match_round), **values)
    return round_service(service.update_round, current_actor(), match_round.id, settings)


@blp.route("/<int:round_id>/state", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.arguments(StateChangeSchema)
@blp.response(200, RoundSchema)
def change_state(values, round_id):
    """Open, close, return to draft, publish (offers go out) or archive a round"""
    target = values["state"]
    if target is RoundState.PUBLISHED:
        round_service(service.publish_round, current_actor(), round_id)
        return scoped(MatchRound, round_id)
    return round_service(service.change_state, current_actor(), round_id, target)


@blp.route("/<int:round_id>/solve", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(202, SolveSchema)
def solve(round_id):
    """Queue a solve of a closed or solved round (a re-match of a published one); poll /result"""
    rematch = scoped(MatchRound, round_id).state is RoundState.PUBLISHED
    run = round_service(service.request_solve, current_actor(), round_id, rematch=rematch)
    get_queue().enqueue(SOLVE_JOB, run.id)
    db.session.refresh(run)
    return run


@blp.route("/<int:round_id>/result", methods=["GET"])
@roles_required(*STAFF)
@blp.response(200, SolveSchema)
def latest_result(round_id):
    """The round's latest solve: its status, and the engine's result once it succeeded"""
    query = sa.select(SolveRun).where(SolveRun.round_id == scoped(MatchRound, round_id).id) \
        .order_by(SolveRun.id.desc()).limit(1)
    found = db.session.scalar(query)
    if found is None:
        abort(404, message="This round has not been solved yet.")
    return found
