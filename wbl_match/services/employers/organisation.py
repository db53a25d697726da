"""An employer keeps its organisation's profile and its contact people."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from wbl_match.models import Employer, EmployerContact, User
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Collector, rolls_back_refusals
from wbl_match.domain.places import zip_problem


@dataclass
class OrganisationInput:
    name: str
    description: str | None = None
    website: str | None = None
    address: str | None = None
    city: str | None = None
    zip: str | None = None


@dataclass
class ContactInput:
    name: str
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False


def _blank(value: str | None) -> str | None:
    return (value or "").strip() or None


@rolls_back_refusals
def update_organisation(session: Session, actor: User, employer: Employer, data: OrganisationInput) -> Employer:
    """Save the organisation's profile; the ZIP must be a California one when given (``domain.places``)."""
    errors = Collector()
    if not data.name.strip():
        errors.add("name", "Enter the organisation's name.")
    if _blank(data.website) and not data.website.strip().startswith(("https://", "http://")):
        errors.add("website", "Start the web address with https://")
    if _blank(data.zip) and (problem := zip_problem(data.zip)):
        errors.add("zip", problem)
    errors.raise_if_any()
    employer.name, employer.description = data.name.strip(), _blank(data.description)
    employer.website, employer.address = _blank(data.website), _blank(data.address)
    employer.city, employer.zip = _blank(data.city), (_blank(data.zip) or "")[:5] or None
    record_event(session, actor, "employer.updated", employer)
    session.commit()
    return employer


@rolls_back_refusals
def save_contact(session: Session, actor: User, employer: Employer, data: ContactInput,
                 contact: EmployerContact | None = None) -> EmployerContact:
    """Add a contact person, or change ``contact``; one primary contact at most."""
    errors = Collector()
    if not data.name.strip():
        errors.add("name", "Enter the person's name.")
    if not _blank(data.email) and not _blank(data.phone):
        errors.add("email", "Give an e-mail address or a phone number, so the coordinator can reach them.")
    if _blank(data.email) and "@" not in data.email:
        errors.add("email", "Enter an e-mail address like name@example.org.")
    errors.raise_if_any()
    if data.is_primary:
        for other in employer.contacts:
            other.is_primary = False
    if contact is None:
        contact = EmployerContact(employer_id=employer.id)
    contact.name, contact.title = data.name.strip(), _blank(data.title)
    contact.email, contact.phone, contact.is_primary = _blank(data.email), _blank(data.phone), data.is_primary
    session.add(contact)
    session.flush()
    record_event(session, actor, "employer_contact.saved", contact, consortium_id=employer.consortium_id)
    session.commit()
    return contact


@rolls_back_refusals
def delete_contact(session: Session, actor: User, contact: EmployerContact) -> None:
    """Remove a contact person."""
    record_event(session, actor, "employer_contact.deleted", contact, consortium_id=actor.consortium_id)
    session.delete(contact)
    session.commit()
