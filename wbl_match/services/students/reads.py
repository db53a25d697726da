"""Reads of students' records, in the audit trail as writes are: a student's page, an export of students,
the API's reads, and the per-student export (everything held about one student, for a family's request).

Each read is an audit event naming who read (a user, or an API token in ``details``) and which students
(their ids only, never their data). The events are committed at once: a read changes nothing else.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import AuditEvent, OutboxMessage, StudentProfile, User
from wbl_match.models.base import Base
from wbl_match.services.audit import record_event

#: Columns never given out, even to the family: secrets of the service.
SECRET_COLUMNS = {"password_hash", "token_hash", "session_version"}
#: Most student ids an API list read names in its one audit event.
MAX_IDS = 500


def record_view(session: Session, actor: Any, student: StudentProfile, action: str = "student.viewed",
                **details: Any) -> None:
    """One student's record was read (a page, an API read). Commits."""
    record_event(session, actor if isinstance(actor, User) else None, action, student, **details)
    session.commit()


def record_list_read(session: Session, actor: Any, consortium_id: int, students: Iterable[Any], action: str,
                     **details: Any) -> None:
    """Several students' records were read (an export, an API list): one event with their ids. Commits."""
    ids = [getattr(s, "id", s) for s in students]
    record_event(session, actor if isinstance(actor, User) else None, action, consortium_id=consortium_id,
                 entity_type="student_profiles", count=len(ids), student_ids=ids[:MAX_IDS], **details)
    session.commit()


def record_export(session: Session, actor: User, consortium_id: int, file_format: str, with_birth_dates: bool) -> None:
    """The students export was downloaded (with dates of birth only when asked for). Commits."""
    ids = session.scalars(sa.select(StudentProfile.id).where(StudentProfile.consortium_id == consortium_id)
                          .order_by(StudentProfile.id)).all()
    record_list_read(session, actor, consortium_id, ids, "students.exported", format=file_format,
                     with_birth_dates=with_birth_dates)


def _value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"({len(value)} bytes)"
    return value


def _rows(session: Session, table: sa.Table, condition) -> list[dict[str, Any]]:
    columns = [c for c in table.columns if c.name not in SECRET_COLUMNS]
    result = session.execute(sa.select(*columns).where(condition).order_by(*table.primary_key.columns))
    return [{key: _value(value) for key, value in row._mapping.items()} for row in result]


def _referring(column_target: str) -> list[tuple[sa.Table, sa.Column]]:
    return [(table, column) for table in Base.metadata.sorted_tables for column in table.columns
            for key in column.foreign_keys if key.target_fullname == column_target]


def everything_about(session: Session, actor: User, student: StudentProfile) -> dict[str, Any]:
    """Every row the service holds about ``student``: the profile, every table that names the student, what
    hangs off their placements, their sign-in account (without its password hash), the audit events about
    them and the e-mails sent to them. Audited as ``student.exported``; commits."""
    held: dict[str, Any] = {"student_profiles": _rows(session, StudentProfile.__table__,
                                                      StudentProfile.__table__.c.id == student.id)}
    placement_ids: list[int] = []
    for table, column in _referring("student_profiles.id"):
        rows = _rows(session, table, column == student.id)
        if rows:
            held.setdefault(table.name, []).extend(rows)
        if table.name == "placements":
            placement_ids = [row["id"] for row in rows]
    if placement_ids:
        for table, column in _referring("placements.id"):
            rows = _rows(session, table, column.in_(placement_ids))
            if rows:
                held.setdefault(table.name, []).extend(rows)
    addresses = {student.email} - {None}
    if student.user_id is not None:
        held["users"] = _rows(session, User.__table__, User.__table__.c.id == student.user_id)
        addresses |= {row["email"] for row in held["users"]}
    held["audit_events"] = _rows(session, AuditEvent.__table__, sa.and_(
        AuditEvent.__table__.c.entity_type == "student_profiles", AuditEvent.__table__.c.entity_id == student.id))
    if addresses:
        held["outbox_messages"] = _rows(session, OutboxMessage.__table__,
                                        OutboxMessage.__table__.c.to_address.in_(sorted(addresses)))
    record_event(session, actor, "student.exported", student, tables=sorted(held))
    session.commit()
    return {"student_id": student.id, "external_id": student.external_id, "held": held}
