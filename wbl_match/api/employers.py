"""``/api/v1/employers``: organisations offering slots, with their primary contact."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.access import roles_required
from wbl_match.api.common import (
    IN_USE, blueprint, call_service, consortium_id, delete_with_service, filtered, found_first, page, scoped,
)
from wbl_match.api.schemas.organisations import EmployerQuery, EmployerSchema
from wbl_match.models import Employer, Role
from wbl_match.services.employers import records
from wbl_match.services.employers.records import save_employer

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("employers", "Organisations that offer work-based learning slots.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(EmployerQuery, location="query")
@blp.response(200, EmployerSchema(many=True))
@blp.paginate()
def list_employers(filters, pagination_parameters):
    """List employers (filter by external id or city)"""
    query = filtered(sa.select(Employer).where(Employer.consortium_id == consortium_id()), Employer, filters)
    return page(query, pagination_parameters, Employer.id)


@blp.route("/", methods=["POST"])
@roles_required(*STAFF)
@blp.arguments(EmployerSchema)
@blp.response(201, EmployerSchema)
def create_employer(values):
    """Add an employer"""
    return call_service(save_employer, consortium_id(), values)


@blp.route("/<int:employer_id>", methods=["GET"])
@roles_required(*STAFF)
@blp.etag
@blp.response(200, EmployerSchema)
def get_employer(employer_id):
    """Read an employer"""
    return scoped(Employer, employer_id)


@blp.route("/<int:employer_id>", methods=["PATCH"])
@roles_required(*STAFF)
@found_first(Employer, "employer_id")
@blp.etag
@blp.arguments(EmployerSchema(partial=True))
@blp.response(200, EmployerSchema)
def update_employer(values, employer_id):
    """Change an employer (send If-Match)"""
    employer = scoped(Employer, employer_id)
    blp.check_etag(employer, EmployerSchema)
    return call_service(save_employer, consortium_id(), values, employer)


@blp.route("/<int:employer_id>", methods=["DELETE"])
@roles_required(*STAFF)
@found_first(Employer, "employer_id")
@blp.etag
@blp.response(204)
@blp.alt_response(409, **IN_USE)
def delete_employer(employer_id):
    """Delete an employer without slots, accounts or an open invitation (send If-Match)

    Its contact people are deleted with it. Delete its slots first; a slot that a match round has used can
    only be closed, so an employer that took part in a round is kept (409).
    """
    employer = scoped(Employer, employer_id)
    blp.check_etag(employer, EmployerSchema)
    delete_with_service(records.delete_employer, employer)
