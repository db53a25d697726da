"""The consortium's work-hour limits for minors, kept as versions (the newest applies)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wbl_match.models.base import Base, Timestamp, utcnow


class WorkLimitTable(Base):
    """One version of a consortium's limits: age bands in the round file's ``work_limits`` form.

    Versions are never changed or deleted: an administrator's edit adds the next one, so each solve's
    round file can name the version it applied. A consortium without a row uses the built-in table of
    California's law (``services/work_limits``), version 0.
    """

    __tablename__ = "work_limit_tables"
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "version", name="uq_work_limit_tables_consortium_version"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    version: Mapped[int] = mapped_column(sa.Integer)
    #: The age bands, e.g. ``[{"max_age": 15, "school_day_hours": 3, ...}, ...]``.
    bands: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    #: Why this version differs from the law (a district's permits, work experience education).
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
