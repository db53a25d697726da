"""The audit trail: every change records who made it, to which record, in the same transaction."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from wbl_match.models import AuditEvent, User


def record_event(session: Session, actor: User | None, action: str, entity: Any = None, *,
                 consortium_id: int | None = None, entity_type: str | None = None,
                 entity_id: int | None = None, **details: Any) -> AuditEvent:
    """Add an audit event to the session (the caller's transaction commits it with the change).

    ``entity`` is the changed row; its table name and id are recorded. ``details`` must be JSON-safe and
    must not carry students' personal data beyond their ids.
    """
    if entity is not None:
        entity_type = entity_type or entity.__tablename__
        entity_id = entity_id if entity_id is not None else getattr(entity, "id", None)
        consortium_id = consortium_id or getattr(entity, "consortium_id", None)
    if consortium_id is None and actor is not None:
        consortium_id = actor.consortium_id
    event = AuditEvent(consortium_id=consortium_id, actor_id=actor.id if actor else None, action=action,
                       entity_type=entity_type or "none", entity_id=entity_id, details=details)
    session.add(event)
    return event
