"""Create and update the consortium's records (schools, employers, slots, students) from plain values.

Shared by the REST API (one record per call) and bulk import (many in one transaction): the ``assign_*``
functions change a row in memory and say whether anything changed; the ``save_*`` functions check
references, assign, audit and commit. The ``delete_*`` functions refuse (``Refused``) while a record is in
use; slots are deleted by ``wbl_match.services.employers.slots.delete_slot``, the employer pages' own rule.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import PathwayRow, SectorRow
from wbl_match.services.errors import FieldErrors


class RecordError(FieldErrors):
    """Values that cannot be saved: ``errors`` maps each field at fault to its messages (a ``FieldErrors``)."""


def assign_scalars(row: Any, values: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Set each of ``fields`` present in ``values`` on ``row``; True when any value differed."""
    changed = False
    for name in fields:
        if name in values and getattr(row, name) != values[name]:
            setattr(row, name, values[name])
            changed = True
    return changed


def known_codes(session: Session) -> tuple[set[str], set[str]]:
    """The sector and pathway codes of the reference tables."""
    return set(session.scalars(sa.select(SectorRow.code))), set(session.scalars(sa.select(PathwayRow.code)))


def check_codes(session: Session, values: dict[str, Any], errors: dict[str, list[str]],
                sector_fields: tuple[str, ...] = (), pathway_fields: tuple[str, ...] = ()) -> None:
    """Add an error for every sector or pathway code in ``values`` that does not exist."""
    sectors, pathways = known_codes(session)
    for name in sector_fields:
        value = values.get(name)
        codes = value if isinstance(value, list) else [value] if value else []
        unknown = [code for code in codes if code not in sectors]
        if unknown:
            errors.setdefault(name, []).append(f"Unknown sector code: {', '.join(unknown)}.")
    for name in pathway_fields:
        if values.get(name) and values[name] not in pathways:
            errors.setdefault(name, []).append(f"Unknown pathway code: {values[name]}.")


def check_unique_external_id(session: Session, model: type, consortium_id: int, values: dict[str, Any],
                             row: Any, errors: dict[str, list[str]]) -> None:
    """External ids are unique within a consortium (per kind of record)."""
    external_id = values.get("external_id")
    if not external_id:
        return
    query = sa.select(model.id).where(model.consortium_id == consortium_id, model.external_id == external_id)
    if row is not None and row.id is not None:
        query = query.where(model.id != row.id)
    if session.scalar(query) is not None:
        errors.setdefault("external_id", []).append(f"Another record already has the id {external_id}.")
