"""``/api/v1/slots``: internship slots with their weekly shifts."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.access import roles_required
from wbl_match.api.common import (
    IN_USE, blueprint, call_service, consortium_id, delete_with_service, filtered, found_first, page, scoped,
)
from wbl_match.api.schemas.slots import SlotQuery, SlotSchema
from wbl_match.models import Role, Slot
from wbl_match.services.employers import slots as slot_service
from wbl_match.services.employers.slot_records import save_slot

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("slots", "Work-based learning slots. New slots are drafts until the employer attests safety.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(SlotQuery, location="query")
@blp.response(200, SlotSchema(many=True))
@blp.paginate()
def list_slots(filters, pagination_parameters):
    """List slots (filter by employer, external id, sector or status)"""
    query = filtered(sa.select(Slot).where(Slot.consortium_id == consortium_id()), Slot, filters)
    return page(query, pagination_parameters, Slot.id)


@blp.route("/", methods=["POST"])
@roles_required(*STAFF)
@blp.arguments(SlotSchema)
@blp.response(201, SlotSchema)
def create_slot(values):
    """Add a slot (as a draft)"""
    return call_service(save_slot, consortium_id(), values)


@blp.route("/<int:slot_id>", methods=["GET"])
@roles_required(*STAFF)
@blp.etag
@blp.response(200, SlotSchema)
def get_slot(slot_id):
    """Read a slot"""
    return scoped(Slot, slot_id)


@blp.route("/<int:slot_id>", methods=["PATCH"])
@roles_required(*STAFF)
@found_first(Slot, "slot_id")
@blp.etag
@blp.arguments(SlotSchema(partial=True))
@blp.response(200, SlotSchema)
def update_slot(values, slot_id):
    """Change a slot (send If-Match)"""
    slot = scoped(Slot, slot_id)
    blp.check_etag(slot, SlotSchema)
    return call_service(save_slot, consortium_id(), values, slot)


@blp.route("/<int:slot_id>", methods=["DELETE"])
@roles_required(*STAFF)
@found_first(Slot, "slot_id")
@blp.etag
@blp.response(204)
@blp.alt_response(409, **IN_USE)
def delete_slot(slot_id):
    """Delete a slot that no round has used (send If-Match)

    The rule of the employer's own pages: a slot that a match round includes or placed a student in cannot
    be deleted (409), only closed.
    """
    slot = scoped(Slot, slot_id)
    blp.check_etag(slot, SlotSchema)
    delete_with_service(slot_service.delete_slot, slot)
