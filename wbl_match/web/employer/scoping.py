"""An employer reaches only its own records: anything else answers 404, as another consortium's would."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from wbl_match.access import get_scoped_or_404
from wbl_match.extensions import db
from wbl_match.models import EmployerContact, Placement, Slot


def own_slot_or_404(slot_id) -> Slot:
    slot = get_scoped_or_404(Slot, slot_id)
    if slot.employer_id != current_user.employer_id:
        abort(404)
    return slot


def own_placement_or_404(placement_id) -> Placement:
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.slot.employer_id != current_user.employer_id:
        abort(404)
    return placement


def own_contact_or_404(contact_id) -> EmployerContact:
    contact = db.session.get(EmployerContact, contact_id)
    if contact is None or contact.employer_id != current_user.employer_id:
        abort(404)
    return contact
