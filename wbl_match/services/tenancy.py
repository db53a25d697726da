"""Consortium scoping: records are only ever found within their own consortium."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
#: Primary keys are 32-bit on PostgreSQL; a larger number cannot name a row (and must not reach the driver).
MAX_KEY = 2**31 - 1


def find_by_key(session: Session, model: type[T], ident: Any) -> T | None:
    """The ``model`` row with primary key ``ident``, or None; the key guard that must never be skipped:
    anything but a whole number in the key range names no row (and never reaches the driver)."""
    try:
        key = int(ident)
    except (TypeError, ValueError):
        return None
    if not 1 <= key <= MAX_KEY:
        return None
    return session.get(model, key)


def find_in_consortium(session: Session, model: type[T], ident: Any, consortium_id: int) -> T | None:
    """The ``model`` row with primary key ``ident`` if it belongs to ``consortium_id``, else None."""
    found = find_by_key(session, model, ident)
    if found is None or getattr(found, "consortium_id") != consortium_id:
        return None
    return found
