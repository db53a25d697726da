"""``/api/v1/placements``: who was placed where, and the students' answers."""
from __future__ import annotations


import sqlalchemy as sa
from flask_smorest import abort

from wbl_match.access import roles_required
from wbl_match.api.common import blueprint, consortium_id, current_actor, filtered, looked_up_first, page, round_service
from wbl_match.api.schemas.rounds import PlacementQuery, PlacementSchema, ResponseSchema
from wbl_match.extensions import db
from wbl_match.models import MatchRound, Placement, Role
from wbl_match.services.rounds.offers import respond_to_offer
from wbl_match.services.rounds.records import placement_in_consortium
from wbl_match.services.tenancy import MAX_KEY

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("placements", "Placements made by rounds, and the students' answers to their offers.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(PlacementQuery, location="query")
@blp.response(200, PlacementSchema(many=True))
@blp.paginate()
def list_placements(filters, pagination_parameters):
    """List placements (filter by round, student, slot or status)"""
    query = sa.select(Placement).join(MatchRound, Placement.round_id == MatchRound.id) \
        .where(MatchRound.consortium_id == consortium_id())
    return page(filtered(query, Placement, filters), pagination_parameters, Placement.id)


def _placement(placement_id: int) -> Placement:
    found = placement_in_consortium(db.session, placement_id, consortium_id()) if placement_id <= MAX_KEY else None
    if found is None:
        abort(404)
    return found


_placement_first = looked_up_first(_placement, "placement_id")


@blp.route("/<int:placement_id>/response", methods=["POST"])
@roles_required(*STAFF)
@_placement_first
@blp.arguments(ResponseSchema)
@blp.response(200, PlacementSchema)
def respond(values, placement_id):
    """Record a student's answer to an offer, given to staff (a reason is required)"""
    return round_service(respond_to_offer, current_actor(), _placement(placement_id), values["accept"],
                         values.get("reason"))
