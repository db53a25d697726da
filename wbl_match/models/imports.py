"""Bulk imports of students, employers and slots from CSV or XLSX files."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wbl_match.models.base import Base, Timestamp, enum_column, utcnow
from wbl_match.models.enums import ImportStatus


class ImportJob(Base):
    """One uploaded file: its column mapping, the check of every row, and what was written.

    The file's bytes and its parsed rows are kept only until the import finishes, or until the retention
    period ends for an import never started (they hold students' records). The background job reads the file
    once (``read_at``); the preview shows the rows it kept (``preview``). A running job beats ``heartbeat_at``,
    so a job whose worker was killed is noticed and failed.
    """

    __tablename__ = "import_jobs"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('students', 'employers', 'slots')", name="import_kind"),
        sa.CheckConstraint("processed_rows >= 0 AND total_rows >= 0", name="row_counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    #: ``students``, ``employers`` or ``slots``.
    kind: Mapped[str] = mapped_column(sa.String(20))
    filename: Mapped[str] = mapped_column(sa.String(200))
    #: ``csv`` or ``xlsx``, found from the file's content.
    file_format: Mapped[str] = mapped_column(sa.String(10))
    content: Mapped[Optional[bytes]] = mapped_column(sa.LargeBinary, deferred=True)
    #: The file's data rows as read once by the background job, every cell as text (null once finished).
    rows: Mapped[Optional[list[list[str]]]] = mapped_column(sa.JSON(none_as_null=True), deferred=True)
    #: The first data rows, for the preview screen.
    preview: Mapped[list[list[str]]] = mapped_column(sa.JSON, default=list)
    #: When the background job read the file (null: not read yet).
    read_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The last sign of life of the job reading, checking or writing this import.
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The file's header row, as read.
    headers: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: Field name chosen for each column (same order as ``headers``; null = ignored).
    mapping: Mapped[list[Optional[str]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus, "import_status"),
                                                 default=ImportStatus.UPLOADED)
    total_rows: Mapped[int] = mapped_column(sa.Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(sa.Integer, default=0)
    #: What the job is doing now, shown beside the progress bar.
    phase: Mapped[Optional[str]] = mapped_column(sa.String(200))
    #: Every problem found: ``[{"row": 3, "column": "Grade", "message": "..."}]``.
    problems: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    updated_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(sa.Integer, default=0)
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    finished_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
