"""Records of *another* consortium, for the URL-map-driven authorisation test (one builder per URL argument)."""
from __future__ import annotations

from datetime import timedelta

from wbl_match.extensions import db
from wbl_match.models import (
    Consortium, Employer, EmployerContact, Invitation, Role, Slot, SlotShift, SlotStatus, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.accounts.invitations import hash_token


def _employer(other: Consortium) -> Employer:
    employer = Employer(consortium_id=other.id, name="Other employer")
    db.session.add(employer)
    db.session.flush()
    return employer


def other_slot(other: Consortium) -> Slot:
    slot = Slot(consortium_id=other.id, employer_id=_employer(other).id, title="Other slot", capacity=1,
                sector_code="health-science-medical-technology", site_lat=36.3, site_lon=-119.3,
                status=SlotStatus.OPEN, safety_attested_at=utcnow())
    slot.shifts = [SlotShift(day=0, start_minute=900, end_minute=1020)]
    db.session.add(slot)
    db.session.commit()
    return slot


def slot_id(other: Consortium) -> int:
    return other_slot(other).id


def contact_id(other: Consortium) -> int:
    contact = EmployerContact(employer_id=_employer(other).id, name="Other contact", email="o@example.org")
    db.session.add(contact)
    db.session.commit()
    return contact.id


def token(other: Consortium) -> str:
    db.session.add(Invitation(consortium_id=other.id, email="invited@other.example.org", role=Role.STUDENT,
                              token_hash=hash_token("other-consortium-token"),
                              expires_at=utcnow() + timedelta(days=1)))
    db.session.commit()
    return "other-consortium-token"


def user_id(other: Consortium) -> int:
    user = User(consortium_id=other.id, email="someone@other.example.org", name="Other person",
                role=Role.INTERMEDIARY, session_version=1, is_active=True)
    db.session.add(user)
    db.session.commit()
    return user.id


__all__ = ["slot_id", "contact_id", "token", "user_id"]
