"""``/api/v1/rounds``: match rounds through the rounds' own services: create, edit, lifecycle, solve, result.

The same transitions as the web's round pages, through the same services, with the same refusals (a 409 with
the reason, or a 422 by field): state changes, solve, re-match, cancel a solve, discard proposals, publish,
pins and exclusions. Answers to offers on a student's behalf are under ``/api/v1/placements``.
"""
from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_smorest import abort

from wbl_match.access import roles_required
from wbl_match.api.common import (
    blueprint, consortium_id, current_actor, filtered, found_first, page, round_service, scoped,
)
from wbl_match.api.schemas.rounds import (
    ExclusionSchema, PairSchema, PlacementSchema, PublishedSchema, RoundQuery, RoundSchema, SolveSchema,
    StateChangeSchema,
)
from wbl_match.extensions import db
from wbl_match.jobs import get_queue
from wbl_match.models import MatchRound, Role, RoundState, SolveRun
from wbl_match.services import rounds as service
from wbl_match.services.tenancy import MAX_KEY

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
    """Read a round (a solve whose worker died is noticed and undone first)"""
    scoped(MatchRound, round_id)
    service.check_solve(db.session, round_id, get_queue())
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


def _known_keys(*keys: int) -> None:
    """A key beyond any the database can hold names no record: 404, as for every record."""
    if any(key > MAX_KEY for key in keys):
        abort(404)


def _solve(round_id: int, rematch: bool | None) -> SolveRun:
    run = round_service(service.start_solve, current_actor(), round_id, get_queue(), rematch=rematch)
    return db.session.get(SolveRun, run.id, populate_existing=True)


@blp.route("/<int:round_id>/solve", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(202, SolveSchema)
def solve(round_id):
    """Queue a solve of a closed or solved round (a re-match of a published one); poll /result

    A round whose offers are out keeps every accepted placement and open offer as it is."""
    return _solve(round_id, None)


@blp.route("/<int:round_id>/rematch", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(202, SolveSchema)
def rematch(round_id):
    """Queue a re-match of a published round: fill declined, expired and open places; poll /result"""
    return _solve(round_id, True)


@blp.route("/<int:round_id>/cancel-solve", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(200, SolveSchema)
def cancel_solve(round_id):
    """Cancel the round's queued or running solve: the round returns to its state before it, rows untouched"""
    return round_service(service.cancel_solve, current_actor(), round_id)


@blp.route("/<int:round_id>/discard", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(200, RoundSchema)
def discard(round_id):
    """Discard a solved round's proposals: back to closed, or to published after a re-match"""
    return round_service(service.discard, current_actor(), round_id)


class _Published:
    """A round read with what publishing it did."""

    def __init__(self, match_round: MatchRound, published) -> None:
        self._round, self.offers, self.without_email = match_round, published.offers, published.without_email
        self.dropped = [{"student_id": d.student_id, "slot_id": d.slot_id, "reason": d.reason}
                        for d in published.dropped]

    def __getattr__(self, name):
        return getattr(self._round, name)


@blp.route("/<int:round_id>/publish", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(200, PublishedSchema)
def publish(round_id):
    """Publish a solved round: proposals become offers (each re-checked against its slot) and e-mails go out"""
    published = round_service(service.publish_round, current_actor(), round_id)
    return _Published(scoped(MatchRound, round_id), published)


@blp.route("/<int:round_id>/pins", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.arguments(PairSchema)
@blp.response(201, PlacementSchema)
def pin(values, round_id):
    """Pin a student to a slot of a solved round: the next solve keeps the pair"""
    return round_service(service.pin_student, current_actor(), round_id, values["student_id"], values["slot_id"])


@blp.route("/<int:round_id>/pins/<int:placement_id>", methods=["DELETE"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(204)
def unpin(round_id, placement_id):
    """Lift a pin (the placement stays until the next solve)"""
    _known_keys(placement_id)
    round_service(service.unpin, current_actor(), round_id, placement_id)


@blp.route("/<int:round_id>/exclusions", methods=["POST"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.arguments(ExclusionSchema)
@blp.response(201, ExclusionSchema)
def exclude(values, round_id):
    """Exclude a student–slot pair from the round's next solves (a pin on it is lifted)"""
    return round_service(service.exclude_pair, current_actor(), round_id, values["student_id"], values["slot_id"],
                         values.get("reason"))


@blp.route("/<int:round_id>/exclusions/<int:student_id>/<int:slot_id>", methods=["DELETE"])
@roles_required(*STAFF)
@found_first(MatchRound, "round_id")
@blp.response(204)
def include(round_id, student_id, slot_id):
    """Lift an exclusion"""
    _known_keys(student_id, slot_id)
    round_service(service.include_pair, current_actor(), round_id, student_id, slot_id)


@blp.route("/<int:round_id>/result", methods=["GET"])
@roles_required(*STAFF)
@blp.response(200, SolveSchema)
def latest_result(round_id):
    """The round's latest solve: its status, and the engine's result once it succeeded"""
    scoped(MatchRound, round_id)
    service.check_solve(db.session, round_id, get_queue())
    query = sa.select(SolveRun).where(SolveRun.round_id == scoped(MatchRound, round_id).id) \
        .order_by(SolveRun.id.desc()).limit(1)
    found = db.session.scalar(query)
    if found is None:
        abort(404, message="This round has not been solved yet.")
    return found
