"""Employers' slots: post, edit, duplicate, open, close and delete, each leaving an audit event."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import Employer, Placement, Slot, SlotShift, SlotStatus, User, round_slots
from wbl_match.models.base import utcnow
from wbl_match.reference import PATHWAY_BY_CODE, SECTOR_BY_CODE
from wbl_match.services.audit import record_event
from wbl_match.domain.certifications import certification_problems, normalise_certifications
from wbl_match.services.errors import Collector, Refused, checked_schedule, commit_deletion, rolls_back_refusals
from wbl_match.domain.capacity import capacity_problem
from wbl_match.services.rounds.capacity import capacity_floor, trim_proposals
from wbl_match.domain.errors import RuleError
from wbl_match.domain.places import BOTH_OR_NEITHER, latitude_problem, locate_zip, longitude_problem
from wbl_match.domain.requirements import min_age_problem, min_grade_problem
from wbl_match.domain.wages import wage_problem
from wbl_match.domain.weekly import Interval


@dataclass
class SlotInput:
    """What an employer fills in for a slot, already parsed into Python types by the form."""

    title: str
    sector_code: str
    capacity: int
    schedule: list[Interval]
    description: str = ""
    pathway_code: str | None = None
    is_remote: bool = False
    site_address: str | None = None
    site_city: str | None = None
    site_zip: str | None = None
    site_lat: float | None = None
    site_lon: float | None = None
    term_start: date | None = None
    term_end: date | None = None
    is_paid: bool = False
    hourly_wage_cents: int | None = None
    min_grade: int | None = None
    min_age: int | None = None
    required_certifications: list[str] = field(default_factory=list)
    what_to_bring: str | None = None
    safety_attested: bool = False
    #: Other pathways of the sector the slot is also meant for (rule 8).
    extra_pathway_codes: list[str] = field(default_factory=list)


def committed_count(session: Session, slot: Slot) -> int:
    """Offers and acceptances this slot holds in every round: capacity cannot drop below it."""
    return capacity_floor(session, slot)


def _check_site(data: SlotInput, errors: Collector) -> tuple[float | None, float | None, str | None]:
    """Coordinates of the work site: typed in, or from the ZIP; a remote slot needs neither.

    A ZIP code, when given, always passes the rule of ``domain.places`` (California only), typed
    coordinates or not: the site's ZIP is what the pages and exports show.
    """
    typed = (data.site_lat, data.site_lon)
    place = None
    if (data.site_zip or "").strip() or not (data.is_remote or any(v is not None for v in typed)):
        try:
            place = locate_zip(data.site_zip)
        except RuleError as problem:
            errors.add("site_zip", problem.message)
            return None, None, None
    if any(v is not None for v in typed):
        for name, problem in (("site_lat", latitude_problem(data.site_lat)),
                              ("site_lon", longitude_problem(data.site_lon))):
            if problem:
                errors.add(name, problem)
        if None in typed:
            errors.add("site_lat", BOTH_OR_NEITHER)
        return data.site_lat, data.site_lon, (data.site_city or None)
    if place is None:
        return None, None, data.site_city or None
    return place.lat, place.lon, (data.site_city or place.city.title() or None)


def _check(session: Session, data: SlotInput, slot: Slot | None) -> tuple[list[Interval], tuple]:
    errors = Collector()
    if not data.title.strip():
        errors.add("title", "Give the slot a title.")
    if data.sector_code not in SECTOR_BY_CODE:
        errors.add("sector_code", "Choose a sector from the list.")
    elif data.pathway_code and PATHWAY_BY_CODE.get(data.pathway_code, None) is None:
        errors.add("pathway_code", "Choose a pathway from the list.")
    elif data.pathway_code and PATHWAY_BY_CODE[data.pathway_code].sector_code != data.sector_code:
        errors.add("pathway_code", "This pathway belongs to another sector. Choose one of the sector's pathways.")
    for code in data.extra_pathway_codes or ():
        pathway = PATHWAY_BY_CODE.get(code)
        if pathway is None or pathway.sector_code != data.sector_code:
            errors.add("extra_pathway_codes", f"“{code}” is not a pathway of the slot's sector. Choose from the list.")
            break
    if problem := capacity_problem(data.capacity):
        errors.add("capacity", problem)
    elif slot is not None and data.capacity < (placed := committed_count(session, slot)):
        errors.add("capacity", f"{placed} students already hold an offer or a place in this slot; "
                               f"capacity cannot be less than {placed}.")
    if data.term_start and data.term_end and data.term_end < data.term_start:
        errors.add("term_end", "The last day must be on or after the first day.")
    for name, problem in (("hourly_wage", wage_problem(data.hourly_wage_cents)),
                          ("min_grade", min_grade_problem(data.min_grade)),
                          ("min_age", min_age_problem(data.min_age))):
        if problem:
            errors.add(name, problem)
    if not data.safety_attested and slot is not None and slot.status is SlotStatus.OPEN:
        errors.add("safety_attested", "An open slot needs the safety attestation. Close the slot first to withdraw it.")
    schedule = checked_schedule(data.schedule, errors, "schedule", "Mark at least one time when the student works.")
    for problem in certification_problems(data.required_certifications):
        errors.add("required_certifications", problem)
    site = _check_site(data, errors)
    errors.raise_if_any()
    return schedule, site


def check_slot_input(session: Session, data: SlotInput, slot: Slot | None = None) -> None:
    """Raise ``FieldErrors`` for every rule the input breaks, without writing anything (forms show them all)."""
    _check(session, data, slot)


def _apply(slot: Slot, data: SlotInput, schedule: list[Interval], site: tuple, actor: User) -> None:
    slot.title = data.title.strip()
    slot.description = (data.description or "").strip()
    slot.sector_code, slot.pathway_code = data.sector_code, data.pathway_code or None
    slot.extra_pathway_codes = sorted(set(data.extra_pathway_codes or ()) - {slot.pathway_code})
    slot.is_remote = data.is_remote
    slot.site_address = (data.site_address or "").strip() or None
    slot.site_zip = (data.site_zip or "").strip()[:5] or None  # the rule accepted ZIP+4; five digits are kept
    slot.site_lat, slot.site_lon, slot.site_city = site
    slot.term_start, slot.term_end = data.term_start, data.term_end
    slot.capacity = data.capacity
    slot.is_paid = data.is_paid
    slot.hourly_wage_cents = data.hourly_wage_cents if data.is_paid else None
    slot.min_grade, slot.min_age = data.min_grade, data.min_age
    slot.required_certifications = normalise_certifications(data.required_certifications)
    slot.what_to_bring = (data.what_to_bring or "").strip() or None
    if data.safety_attested and slot.safety_attested_at is None:
        slot.safety_attested_at, slot.safety_attested_by_id = utcnow(), actor.id
    elif not data.safety_attested:
        slot.safety_attested_at = slot.safety_attested_by_id = None
    slot.shifts = [SlotShift(day=d, start_minute=s, end_minute=e) for d, s, e in schedule]


@rolls_back_refusals
def post_slot(session: Session, actor: User, employer: Employer, data: SlotInput) -> Slot:
    """Create a draft slot for ``employer``. Raises ``FieldErrors`` and writes nothing when input is invalid."""
    schedule, site = _check(session, data, None)
    slot = Slot(consortium_id=employer.consortium_id, employer_id=employer.id, status=SlotStatus.DRAFT)
    _apply(slot, data, schedule, site, actor)
    session.add(slot)
    session.flush()
    record_event(session, actor, "slot.created", slot, title=slot.title)
    session.commit()
    return slot


@rolls_back_refusals
def update_slot(session: Session, actor: User, slot: Slot, data: SlotInput) -> Slot:
    """Change a slot. Capacity cannot drop below the offers and acceptances it holds; proposals beyond a
    lowered capacity are dropped (``rounds.capacity.trim_proposals``)."""
    schedule, site = _check(session, data, slot)
    _apply(slot, data, schedule, site, actor)
    session.flush()
    trim_proposals(session, actor, slot)
    record_event(session, actor, "slot.updated", slot)
    session.commit()
    return slot


@rolls_back_refusals
def duplicate_slot(session: Session, actor: User, slot: Slot) -> Slot:
    """A draft copy of ``slot``; the safety attestation is not copied, it is given per slot."""
    columns = ("consortium_id", "employer_id", "description", "sector_code", "pathway_code", "extra_pathway_codes",
               "site_address",
               "site_city", "site_zip", "site_lat", "site_lon", "is_remote", "term_start", "term_end", "capacity",
               "is_paid", "hourly_wage_cents", "min_grade", "min_age", "what_to_bring")
    copy = Slot(**{name: getattr(slot, name) for name in columns}, status=SlotStatus.DRAFT,
                title=f"{slot.title} (copy)"[:200], required_certifications=list(slot.required_certifications))
    copy.shifts = [SlotShift(day=s.day, start_minute=s.start_minute, end_minute=s.end_minute) for s in slot.shifts]
    session.add(copy)
    session.flush()
    record_event(session, actor, "slot.duplicated", copy, source_slot_id=slot.id)
    session.commit()
    return copy


@rolls_back_refusals
def open_slot(session: Session, actor: User, slot: Slot) -> Slot:
    """Open a slot to students. Refused without a safety attestation (supervision and insurance)."""
    if slot.safety_attested_at is None:
        raise Refused("Before the slot can open, confirm supervision and insurance in the safety attestation.")
    slot.status = SlotStatus.OPEN
    record_event(session, actor, "slot.opened", slot)
    session.commit()
    return slot


@rolls_back_refusals
def close_slot(session: Session, actor: User, slot: Slot) -> Slot:
    """Close a slot: no new students are matched to it; existing placements stay."""
    slot.status = SlotStatus.CLOSED
    record_event(session, actor, "slot.closed", slot)
    session.commit()
    return slot


IN_A_ROUND = "This slot is part of a match round, so it cannot be deleted. Close it instead."


@rolls_back_refusals
def delete_slot(session: Session, actor: User, slot: Slot, **audit: Any) -> None:
    """Delete a slot that no round has used; one that a round holds can only be closed.

    Used by the employer's pages and the API alike; ``audit`` adds details to the audit event (the API's
    token). Raises ``Refused`` and deletes nothing when a round includes the slot or placed a student in it.
    """
    in_round = session.scalar(sa.select(sa.func.count()).select_from(round_slots)
                              .where(round_slots.c.slot_id == slot.id))
    placed = session.scalar(sa.select(sa.func.count(Placement.id)).where(Placement.slot_id == slot.id))
    if in_round or placed:
        raise Refused(IN_A_ROUND)
    record_event(session, actor, "slot.deleted", slot, title=slot.title, **audit)
    session.delete(slot)
    commit_deletion(session, IN_A_ROUND)
