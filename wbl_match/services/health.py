"""Health of the service's dependencies, for ``/healthz``."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session


def check_database(session: Session) -> dict[str, Any]:
    """Whether the database answers a trivial query, and which kind it is."""
    dialect = session.get_bind().dialect.name
    try:
        session.execute(sa.text("SELECT 1"))
        return {"ok": True, "dialect": dialect}
    except SQLAlchemyError as error:
        session.rollback()
        return {"ok": False, "dialect": dialect, "error": type(error).__name__}
