"""An employer reaches only its own records: anything else answers 404, as another consortium's would.

Every look-up goes through ``access`` (consortium scope and key guard), narrowed to the employer's own.
"""
from __future__ import annotations

from flask_login import current_user

from wbl_match.access import get_owned_or_404, get_scoped_or_404
from wbl_match.models import EmployerContact, Placement, Slot


def _own(employer_id) -> bool:
    return employer_id == current_user.employer_id


def own_slot_or_404(slot_id) -> Slot:
    return get_scoped_or_404(Slot, slot_id, belongs=lambda slot: _own(slot.employer_id))


def own_placement_or_404(placement_id) -> Placement:
    return get_owned_or_404(Placement, placement_id, lambda p: p.slot.consortium_id,
                            belongs=lambda p: _own(p.slot.employer_id))


def own_contact_or_404(contact_id) -> EmployerContact:
    return get_owned_or_404(EmployerContact, contact_id, lambda c: c.employer.consortium_id,
                            belongs=lambda c: _own(c.employer_id))
