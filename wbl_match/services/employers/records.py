"""Schools and employers: create, update, and delete while nothing depends on them."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import Employer, EmployerContact, Invitation, School, Slot, StudentProfile, User, round_schools
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import conflicts_refused, Refused, commit_deletion, rolls_back_refusals
from wbl_match.services.record_fields import RecordError, assign_scalars, check_unique_external_id
from wbl_match.services.record_rules import normal_values, rule_errors

SCHOOL_FIELDS = ("cds_code", "name", "district", "county", "city", "zip", "lat", "lon")
EMPLOYER_FIELDS = ("external_id", "name", "description", "website", "address", "city", "zip")
CONTACT_FIELDS = ("name", "title", "email", "phone")


@rolls_back_refusals
def save_school(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
                school: School | None = None, **audit: Any) -> School:
    """Create a school (``school`` None) or update one; CDS codes are unique within the consortium."""
    school = school or School(consortium_id=consortium_id)
    errors: dict[str, list[str]] = {}
    rule_errors("school", values, errors)
    cds = values.get("cds_code")
    if cds and cds != school.cds_code:
        clash = session.query(School.id).filter_by(consortium_id=consortium_id, cds_code=cds).first()
        if clash is not None:
            errors.setdefault("cds_code", []).append(f"Another school already has the CDS code {cds}.")
    if errors:
        raise RecordError(errors)
    created = school.id is None
    changed = assign_scalars(school, normal_values(values), SCHOOL_FIELDS)
    with conflicts_refused(session):
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


@rolls_back_refusals
def save_employer(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
                  employer: Employer | None = None, **audit: Any) -> Employer:
    """Create an employer (``employer`` None) or update one, with its primary contact."""
    errors: dict[str, list[str]] = {}
    rule_errors("employer", values, errors)
    check_unique_external_id(session, Employer, consortium_id, values, employer, errors)
    if errors:
        raise RecordError(errors)
    employer = employer or Employer(consortium_id=consortium_id)
    created = employer.id is None
    changed = assign_employer(employer, normal_values(values))
    with conflicts_refused(session):
        session.add(employer)
        session.flush()
        if created or changed:
            record_event(session, actor, "employer.created" if created else "employer.updated", employer, **audit)
        session.commit()
    return employer


def _count(session: Session, query: sa.Select) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def _several(count: int, one: str, many: str) -> str:
    """``1 student belongs``, ``3 students belong``."""
    return f"{count} {one if count == 1 else many}"


@rolls_back_refusals
def delete_school(session: Session, actor: Any, school: School, **audit: Any) -> None:
    """Delete a school that no student belongs to and no match round includes.

    Raises ``Refused`` and deletes nothing otherwise: the students' records and the rounds' records keep it.
    """
    students = _count(session, sa.select(StudentProfile.id).where(StudentProfile.school_id == school.id))
    if students:
        raise Refused(f"{_several(students, 'student belongs', 'students belong')} to this school, so it cannot "
                      "be deleted.")
    rounds = _count(session, sa.select(round_schools.c.round_id).where(round_schools.c.school_id == school.id))
    if rounds:
        raise Refused(f"This school takes part in {_several(rounds, 'match round', 'match rounds')}, so it "
                      "cannot be deleted.")
    record_event(session, actor, "school.deleted", school, cds_code=school.cds_code, name=school.name, **audit)
    session.delete(school)
    commit_deletion(session, "This school was taken into use while it was being deleted, so it was not deleted.")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@rolls_back_refusals
def delete_employer(session: Session, actor: Any, employer: Employer, **audit: Any) -> None:
    """Delete an employer that has no slots, no people who sign in for it and no open invitation.

    Its contact people go with it, and so do invitations for it that expired unused (they only hold an
    e-mail address and can never be used). Raises ``Refused`` and deletes nothing otherwise; a slot that a
    round has used can only be closed, so an employer that took part in a round is always kept.
    """
    slots = _count(session, sa.select(Slot.id).where(Slot.employer_id == employer.id))
    if slots:
        raise Refused(f"This employer still has {_several(slots, 'slot', 'slots')}, so it cannot be deleted. "
                      "Delete its slots first (a slot that a match round has used can only be closed, and its "
                      "employer is kept).")
    people = _count(session, sa.select(User.id).where(User.employer_id == employer.id))
    if people:
        raise Refused(f"{_several(people, 'person signs', 'people sign')} in for this employer, so it cannot "
                      "be deleted.")
    invitations = list(session.scalars(sa.select(Invitation).where(Invitation.employer_id == employer.id)))
    now = utcnow()
    if any(i.used_at is None and _aware(i.expires_at) > now for i in invitations):
        raise Refused("Someone is invited to sign in for this employer and the invitation is still open, so it "
                      "cannot be deleted now.")
    for invitation in invitations:
        session.delete(invitation)
    record_event(session, actor, "employer.deleted", employer, name=employer.name,
                 contacts=len(employer.contacts), expired_invitations=len(invitations), **audit)
    session.delete(employer)
    commit_deletion(session, "This employer was taken into use while it was being deleted, so it was not "
                             "deleted.")
