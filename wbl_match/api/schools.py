"""``/api/v1/schools``: the consortium's schools. Staff read them; administrators add, edit and delete them."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.access import roles_required
from wbl_match.api.common import (
    IN_USE, blueprint, call_service, consortium_id, delete_with_service, filtered, found_first, page, scoped,
)
from wbl_match.api.schemas.organisations import SchoolQuery, SchoolSchema
from wbl_match.models import Role, School
from wbl_match.services.employers import records
from wbl_match.services.employers.records import save_school

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("schools", "High schools whose students take part in the consortium's rounds.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(SchoolQuery, location="query")
@blp.response(200, SchoolSchema(many=True))
@blp.paginate()
def list_schools(filters, pagination_parameters):
    """List schools (filter by CDS code or city)"""
    query = filtered(sa.select(School).where(School.consortium_id == consortium_id()), School, filters)
    return page(query, pagination_parameters, School.id)


@blp.route("/", methods=["POST"])
@roles_required(Role.ADMIN)
@blp.arguments(SchoolSchema)
@blp.response(201, SchoolSchema)
def create_school(values):
    """Add a school (administrators)"""
    return call_service(save_school, consortium_id(), values)


@blp.route("/<int:school_id>", methods=["GET"])
@roles_required(*STAFF)
@blp.etag
@blp.response(200, SchoolSchema)
def get_school(school_id):
    """Read a school"""
    return scoped(School, school_id)


@blp.route("/<int:school_id>", methods=["PATCH"])
@roles_required(Role.ADMIN)
@found_first(School, "school_id")
@blp.etag
@blp.arguments(SchoolSchema(partial=True))
@blp.response(200, SchoolSchema)
def update_school(values, school_id):
    """Change a school (administrators; send If-Match)"""
    school = scoped(School, school_id)
    blp.check_etag(school, SchoolSchema)
    return call_service(save_school, consortium_id(), values, school)


@blp.route("/<int:school_id>", methods=["DELETE"])
@roles_required(Role.ADMIN)
@found_first(School, "school_id")
@blp.etag
@blp.response(204)
@blp.alt_response(409, **IN_USE)
def delete_school(school_id):
    """Delete a school that no student belongs to and no round includes (administrators; send If-Match)"""
    school = scoped(School, school_id)
    blp.check_etag(school, SchoolSchema)
    delete_with_service(records.delete_school, school)
