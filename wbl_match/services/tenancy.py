"""Consortium scoping: records are only ever found within their own consortium."""
from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


def find_in_consortium(session: Session, model: type[T], ident: Any, consortium_id: int) -> T | None:
    """The ``model`` row with primary key ``ident`` if it belongs to ``consortium_id``, else None."""
    try:
        key = int(ident)
    except (TypeError, ValueError):
        return None
    found = session.get(model, key)
    if found is None or getattr(found, "consortium_id") != consortium_id:
        return None
    return found
