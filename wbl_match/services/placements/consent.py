"""Guardian consent through an e-mailed one-time link: the guardian reads the placement's essentials and
signs by typed name, relationship and date; the record keeps when and from which address."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from sqlalchemy.orm import Session

from wbl_match.languages import N_
from wbl_match.models import LinkPurpose, PlacementLink, PlacementProgress, ReadinessKind, User
from wbl_match.models.base import utcnow
from wbl_match.services.accounts.users import normalise_email
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Collector, Refused, rolls_back_refusals
from wbl_match.services.outbox import family_mail
from wbl_match.services.outbox.messages import queue_text
from wbl_match.services.placements.checklist import STAFF, item, refresh
from wbl_match.services.placements.links import find_link, make_link, use_link
from wbl_match.domain.weekly import format_schedule
from wbl_match.localisation import local_today

RELATIONSHIPS = {"parent": N_("Parent"), "legal_guardian": N_("Legal guardian"),
                 "caregiver": N_("Caregiver with authority")}


@dataclass(frozen=True)
class Essentials:
    """What the guardian reads before signing, and nothing more of the student's record."""

    student_first_name: str
    employer: str
    title: str
    address: str
    schedule: str
    starts: date | None
    ends: date | None
    what_to_bring: str | None
    is_paid: bool
    #: The weekly shifts as ``(day, start minute, end minute)``, for pages to write in their own language.
    shifts: tuple[tuple[int, int, int], ...] = ()


def essentials(progress: PlacementProgress) -> Essentials:
    slot = progress.placement.slot
    address = N_("Remote") if slot.is_remote else ", ".join(p for p in (slot.site_address, slot.site_city) if p)
    shifts = tuple(sorted((s.day, s.start_minute, s.end_minute) for s in slot.shifts))
    return Essentials(progress.placement.student.first_name, slot.employer.name, slot.title, address,
                      format_schedule(shifts), progress.start_on or slot.term_start, slot.term_end,
                      slot.what_to_bring, slot.is_paid, shifts)


@rolls_back_refusals
def send_consent_link(session: Session, actor: User, progress: PlacementProgress, guardian_email: str,
                      link_for: Callable[[str], str]) -> str:
    """E-mail the guardian a one-time consent link (through the outbox); returns the link, shown once."""
    if actor.role not in STAFF or actor.consortium_id != progress.consortium_id:
        raise Refused("Only the coordinator sends the consent link.")
    entry = item(progress, ReadinessKind.GUARDIAN_CONSENT)
    if entry.done_at is not None:
        raise Refused("The guardian has signed already.")
    email = normalise_email(guardian_email or "")
    if "@" not in email or len(email) > 254 or " " in email:
        raise Refused("Enter the guardian's e-mail address, like name@example.org.")
    progress.guardian_email = email
    link, token = make_link(session, actor, progress, LinkPurpose.GUARDIAN_CONSENT, email)
    url = link_for(token)
    about = essentials(progress)
    language = family_mail.language_of_guardian(progress.placement.student)
    queue_text(session, progress.consortium_id, email, family_mail.consent_request(about, link.expires_at, language),
               secret=f"{url}?lang={language}")
    record_event(session, actor, "consent.link_sent", progress, placement_id=progress.placement_id)
    session.commit()
    return url


def open_consent(session: Session, token: str) -> tuple[PlacementLink, Essentials]:
    """The link and what it shows; ``Refused`` when used, expired or unknown."""
    link = find_link(session, token, LinkPurpose.GUARDIAN_CONSENT)
    return link, essentials(link.progress)


@rolls_back_refusals
def sign_consent(session: Session, token: str, *, name: str | None, relationship: str | None,
                 signed_on: str | None, from_address: str | None, agent: str | None) -> Essentials:
    """The guardian signs: typed full name, relationship and today's date. The link works no more."""
    link = find_link(session, token, LinkPurpose.GUARDIAN_CONSENT)
    errors = Collector()
    name = " ".join((name or "").split())
    if not 2 <= len(name) <= 200:
        errors.add("name", N_("Type your full name."))
    if relationship not in RELATIONSHIPS:
        errors.add("relationship", N_("Choose how you are related to the student."))
    today = local_today()
    try:
        typed = date.fromisoformat((signed_on or "").strip())
    except ValueError:
        errors.add("signed_on", N_("Enter today's date, like 2027-06-01."))
    else:
        # A day either side: the guardian's "today" may not be the server's (UTC).
        if abs((typed - today).days) > 1:
            errors.add("signed_on", N_("Enter today's date."))
    errors.raise_if_any()
    progress = link.progress
    entry = item(progress, ReadinessKind.GUARDIAN_CONSENT)
    use_link(session, link)
    entry.done_at = utcnow()
    entry.details = {"name": name, "relationship": relationship, "signed_on": typed.isoformat(),
                     "signed_at": entry.done_at.isoformat(), "from_address": (from_address or "")[:64],
                     "agent": (agent or "")[:300], "email": link.email}
    refresh(progress)
    record_event(session, None, "consent.signed", progress, placement_id=progress.placement_id, link_id=link.id)
    session.commit()
    return essentials(progress)


