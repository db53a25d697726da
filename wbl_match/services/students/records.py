"""Students' pathway profiles with their sectors of interest and weekly availability."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wbl_match.models import School, StudentAvailability, StudentProfile, StudentSectorInterest
from wbl_match.services.audit import record_event
from wbl_match.domain.certifications import normalise_certifications
from wbl_match.services.record_fields import RecordError, assign_scalars, check_codes, check_unique_external_id
from wbl_match.services.record_rules import normal_values, rule_errors
from wbl_match.services.tenancy import find_in_consortium
from wbl_match.services.errors import conflicts_refused, rolls_back_refusals

STUDENT_FIELDS = ("external_id", "school_id", "first_name", "last_name", "email", "grade", "date_of_birth",
                  "pathway_code", "home_zip", "home_lat", "home_lon", "travel_mode", "max_km", "max_minutes",
                  "certifications", "language", "guardian_language", "phone", "guardian_phone",
                  "guardian_email")


def assign_student(student: StudentProfile, values: dict[str, Any]) -> bool:
    """Set the profile, ``sectors`` (ranked codes) and ``availability`` (intervals); True when changed."""
    if values.get("certifications") is not None:
        values = {**values, "certifications": normalise_certifications(values["certifications"])}
    changed = assign_scalars(student, values, STUDENT_FIELDS)
    if "sectors" in values and [i.sector_code for i in student.interests] != list(values["sectors"]):
        student.interests = [StudentSectorInterest(sector_code=code, rank=rank)
                             for rank, code in enumerate(values["sectors"], start=1)]
        changed = True
    if "availability" in values:
        current = sorted((a.day, a.start_minute, a.end_minute) for a in student.availability)
        wanted = sorted(values["availability"])
        if current != wanted:
            student.availability = [StudentAvailability(day=d, start_minute=s, end_minute=e) for d, s, e in wanted]
            changed = True
    return changed


def check_student(session: Session, consortium_id: int, values: dict[str, Any],
                  student: StudentProfile | None) -> None:
    """The rules of a profile's values (``record_rules``) and its references (school, sectors, pathway,
    unique student id), raising RecordError with every problem."""
    errors: dict[str, list[str]] = {}
    rule_errors("student", values, errors)
    check_unique_external_id(session, StudentProfile, consortium_id, values, student, errors)
    check_codes(session, values, errors, sector_fields=("sectors",), pathway_fields=("pathway_code",))
    if len(set(values.get("sectors") or [])) != len(values.get("sectors") or []):
        errors.setdefault("sectors", []).append("A sector is listed twice.")
    if "school_id" in values and find_in_consortium(session, School, values["school_id"], consortium_id) is None:
        errors.setdefault("school_id", []).append("No such school in this consortium.")
    if errors:
        raise RecordError(errors)


@rolls_back_refusals
def save_student(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
                 student: StudentProfile | None = None, **audit: Any) -> StudentProfile:
    """Create a student profile (``student`` None) or update one."""
    check_student(session, consortium_id, values, student)
    student = student or StudentProfile(consortium_id=consortium_id)
    created = student.id is None
    changed = assign_student(student, normal_values(values))
    with conflicts_refused(session):
        session.add(student)
        session.flush()
        if created or changed:
            record_event(session, actor, "student.created" if created else "student.updated", student, **audit)
        session.commit()
    return student
