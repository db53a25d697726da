"""Schools and employers."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wbl_match.models import Employer, EmployerContact, School
from wbl_match.services.audit import record_event
from wbl_match.services.records import RecordError, assign_scalars, check_unique_external_id

SCHOOL_FIELDS = ("cds_code", "name", "district", "county", "city", "zip", "lat", "lon")
EMPLOYER_FIELDS = ("external_id", "name", "description", "website", "address", "city", "zip")
CONTACT_FIELDS = ("name", "title", "email", "phone")


def save_school(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
                school: School | None = None, **audit: Any) -> School:
    """Create a school (``school`` None) or update one; CDS codes are unique within the consortium."""
    school = school or School(consortium_id=consortium_id)
    cds = values.get("cds_code")
    if cds and cds != school.cds_code:
        clash = session.query(School.id).filter_by(consortium_id=consortium_id, cds_code=cds).first()
        if clash is not None:
            raise RecordError({"cds_code": [f"Another school already has the CDS code {cds}."]})
    created = school.id is None
    changed = assign_scalars(school, values, SCHOOL_FIELDS)
    session.add(school)
    session.flush()
    if created or changed:
        record_event(session, actor, "school.created" if created else "school.updated", school, **audit)
    session.commit()
    return school


def assign_employer(employer: Employer, values: dict[str, Any]) -> bool:
    """Set the employer's fields and its primary contact (``contact``: dict or None); True when changed."""
    changed = assign_scalars(employer, values, EMPLOYER_FIELDS)
    if "contact" not in values:
        return changed
    contact_values = values["contact"]
    primary = next((c for c in employer.contacts if c.is_primary), None)
    if not contact_values or not contact_values.get("name"):
        if primary is not None:
            employer.contacts.remove(primary)
            return True
        return changed
    if primary is None:
        primary = EmployerContact(is_primary=True, name=contact_values["name"])
        employer.contacts.append(primary)
        changed = True
    return assign_scalars(primary, contact_values, CONTACT_FIELDS) or changed


def save_employer(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
                  employer: Employer | None = None, **audit: Any) -> Employer:
    """Create an employer (``employer`` None) or update one, with its primary contact."""
    errors: dict[str, list[str]] = {}
    check_unique_external_id(session, Employer, consortium_id, values, employer, errors)
    if errors:
        raise RecordError(errors)
    employer = employer or Employer(consortium_id=consortium_id)
    created = employer.id is None
    changed = assign_employer(employer, values)
    session.add(employer)
    session.flush()
    if created or changed:
        record_event(session, actor, "employer.created" if created else "employer.updated", employer, **audit)
    session.commit()
    return employer
