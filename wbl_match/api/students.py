"""``/api/v1/students``: students' pathway profiles.

There is deliberately no DELETE. A student's record is a minor's education record: removing it is the school
district's decision, it must reach every copy (placements, the round file each solve keeps, the sign-in
account, e-mails in the outbox) and it cannot be undone, so it is not an operation for a bearer token.
The README's REST API section says the same to clients.
"""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.access import roles_required
from wbl_match.api.common import (
    audit, blueprint, call_service, consortium_id, filtered, found_first, page, scoped,
)
from wbl_match.extensions import db
from wbl_match.api.schemas.students import StudentQuery, StudentSchema
from wbl_match.models import Role, StudentProfile
from wbl_match.services.students.reads import record_list_read, record_view
from wbl_match.services.students.records import save_student

STAFF = (Role.ADMIN, Role.INTERMEDIARY)
blp = blueprint("students", "Students' pathway profiles: interests, travel and weekly availability. Students "
                           "cannot be deleted through the API (405): theirs are records of minors, kept with "
                           "the history of their rounds; see the README.")


@blp.route("/", methods=["GET"])
@roles_required(*STAFF)
@blp.arguments(StudentQuery, location="query")
@blp.response(200, StudentSchema(many=True))
@blp.paginate()
def list_students(filters, pagination_parameters):
    """List students (filter by school, external id, grade or withdrawn)"""
    withdrawn = filters.pop("withdrawn", None)
    query = filtered(sa.select(StudentProfile).where(StudentProfile.consortium_id == consortium_id()),
                     StudentProfile, filters)
    if withdrawn is not None:
        query = query.where(StudentProfile.withdrawn_at.is_not(None) if withdrawn
                            else StudentProfile.withdrawn_at.is_(None))
    students = page(query, pagination_parameters, StudentProfile.id)
    record_list_read(db.session, None, consortium_id(), students, "students.read", **audit())
    return students


@blp.route("/", methods=["POST"])
@roles_required(*STAFF)
@blp.arguments(StudentSchema)
@blp.response(201, StudentSchema)
def create_student(values):
    """Add a student"""
    return call_service(save_student, consortium_id(), values)


@blp.route("/<int:student_id>", methods=["GET"])
@roles_required(*STAFF)
@blp.etag
@blp.response(200, StudentSchema)
def get_student(student_id):
    """Read a student"""
    student = scoped(StudentProfile, student_id)
    record_view(db.session, None, student, "student.read", **audit())
    return student


@blp.route("/<int:student_id>", methods=["PATCH"])
@roles_required(*STAFF)
@found_first(StudentProfile, "student_id")
@blp.etag
@blp.arguments(StudentSchema(partial=True))
@blp.response(200, StudentSchema)
def update_student(values, student_id):
    """Change a student (send If-Match)"""
    student = scoped(StudentProfile, student_id)
    blp.check_etag(student, StudentSchema)
    return call_service(save_student, consortium_id(), values, student)
