"""Every employer and slot has an external id, so that "Export everything" holds every record and imports back.

An import gives a record the id of its source system. A record made in the service itself (a slot posted
in the employer portal, an employer named in an invitation, a duplicated slot) gets ``slot-<id>`` or
``employer-<id>`` when it is first written; an import of the export then finds it again by that id.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from wbl_match.models.organisations import Employer
from wbl_match.models.slots import Slot

PREFIXES = {Slot: "slot", Employer: "employer"}


def own_external_id(model: type, row_id: int) -> str:
    """The external id the service gives a record of ``model`` it made itself."""
    return f"{PREFIXES[model]}-{row_id}"


def _give_external_id(mapper, connection, target) -> None:
    if target.external_id is None:
        value = own_external_id(type(target), target.id)
        table = mapper.local_table
        connection.execute(sa.update(table).where(table.c.id == target.id).values(external_id=value))
        set_committed_value(target, "external_id", value)


for _model in PREFIXES:
    sa.event.listen(_model, "after_insert", _give_external_id)
