"""Slots and their weekly shifts."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wbl_match.models import Employer, Slot, SlotShift, SlotStatus
from wbl_match.reference import PATHWAY_BY_CODE
from wbl_match.services.rounds.capacity import capacity_floor, trim_proposals
from wbl_match.services.audit import record_event
from wbl_match.domain.certifications import normalise_certifications
from wbl_match.services.record_fields import RecordError, assign_scalars, check_codes, check_unique_external_id
from wbl_match.services.record_rules import normal_values, rule_errors
from wbl_match.services.tenancy import find_in_consortium
from wbl_match.services.errors import conflicts_refused, rolls_back_refusals

SLOT_FIELDS = ("external_id", "employer_id", "title", "description", "sector_code", "pathway_code", "extra_pathway_codes",
               "site_address", "site_city", "site_zip", "site_lat", "site_lon", "is_remote", "term_start",
               "term_end", "capacity", "is_paid", "hourly_wage_cents", "min_grade", "min_age",
               "required_certifications", "what_to_bring")


def assign_slot(slot: Slot, values: dict[str, Any]) -> bool:
    """Set the slot's fields and (with ``shifts``: list of (day, start, end)) its schedule; True when changed."""
    if values.get("required_certifications") is not None:
        values = {**values, "required_certifications": normalise_certifications(values["required_certifications"])}
    changed = assign_scalars(slot, values, SLOT_FIELDS)
    if "shifts" in values:
        current = sorted((s.day, s.start_minute, s.end_minute) for s in slot.shifts)
        wanted = sorted(values["shifts"])
        if current != wanted:
            slot.shifts = [SlotShift(day=d, start_minute=s, end_minute=e) for d, s, e in wanted]
            changed = True
    return changed


def check_slot(session: Session, consortium_id: int, values: dict[str, Any], slot: Slot | None) -> None:
    """The rules of a slot's values (``record_rules``), its references and cross-field rules, raising
    RecordError with every problem."""
    errors: dict[str, list[str]] = {}
    rule_errors("slot", values, errors)
    check_unique_external_id(session, Slot, consortium_id, values, slot, errors)
    check_codes(session, values, errors, sector_fields=("sector_code",), pathway_fields=("pathway_code",))
    if "employer_id" in values and find_in_consortium(session, Employer, values["employer_id"],
                                                      consortium_id) is None:
        errors.setdefault("employer_id", []).append("No such employer in this consortium.")
    merged = {name: values.get(name, getattr(slot, name, None)) for name in SLOT_FIELDS}
    if slot is not None and isinstance(merged["capacity"], int) and merged["capacity"] < (
            held := capacity_floor(session, slot)):
        errors.setdefault("capacity", []).append(f"{held} students already hold an offer or a place in this "
                                                 f"slot; capacity cannot be less than {held}.")
    if not merged["is_remote"] and (merged["site_lat"] is None or merged["site_lon"] is None):
        errors.setdefault("site_lat", []).append("A slot that is not remote needs the site's position.")
    for code in merged["extra_pathway_codes"] or ():
        pathway = PATHWAY_BY_CODE.get(code)
        if pathway is None or pathway.sector_code != merged["sector_code"]:
            errors.setdefault("extra_pathway_codes", []).append(f"{code} is not a pathway of the slot's sector.")
    if merged["term_start"] and merged["term_end"] and merged["term_end"] < merged["term_start"]:
        errors.setdefault("term_end", []).append("The term cannot end before it starts.")
    if errors:
        raise RecordError(errors)


@rolls_back_refusals
def save_slot(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
              slot: Slot | None = None, **audit: Any) -> Slot:
    """Create a slot (as a draft: opening it needs the employer's safety attestation) or update one."""
    check_slot(session, consortium_id, values, slot)
    slot = slot or Slot(consortium_id=consortium_id, status=SlotStatus.DRAFT)
    created = slot.id is None
    changed = assign_slot(slot, normal_values(values))
    with conflicts_refused(session):
        session.add(slot)
        session.flush()
        if not created:
            trim_proposals(session, actor, slot)
        if created or changed:
            record_event(session, actor, "slot.created" if created else "slot.updated", slot, **audit)
        session.commit()
    return slot
