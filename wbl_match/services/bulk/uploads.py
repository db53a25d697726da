"""An uploaded file's life: kept at upload after the checks that need no parsing, read once by a background
job (its rows kept for the preview and the import), noticed and failed when its job's worker died, and
deleted when its import ends or when nobody starts it within the retention period.

The upload request never parses the file, so a large workbook cannot tie up a web worker.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import ImportJob, ImportStatus, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.bulk.columns import KINDS, suggest_mapping
from wbl_match.services.bulk.readers import FileProblem, file_format_of, read_table
from wbl_match.services.errors import rolls_back_refusals

#: Rows shown on the preview screen.
PREVIEW_ROWS = 5
#: An uploaded file nobody starts importing is deleted after this long.
RETENTION = timedelta(hours=24)
#: A job reading, checking or writing that shows no sign of life for this long has lost its worker.
STALE_AFTER = timedelta(minutes=10)
#: A queued job that no worker has taken for this long is given up.
QUEUED_STALE_AFTER = timedelta(hours=1)
READING = "Reading the file"


@rolls_back_refusals
def start_import(session: Session, actor: User, kind: str, filename: str, data: bytes) -> ImportJob:
    """Keep the uploaded file after the checks that need no parsing (raising FileProblem); the file is read
    by the background job ``read_import``, which the caller queues."""
    if kind not in KINDS:
        raise FileProblem("Choose what the file holds: students, employers or slots.")
    file_format = file_format_of(data)
    now = utcnow()
    job = ImportJob(consortium_id=actor.consortium_id, kind=kind, filename=(filename or "upload")[:200],
                    file_format=file_format, content=data, headers=[], mapping=[], preview=[], total_rows=0,
                    status=ImportStatus.UPLOADED, phase=READING, heartbeat_at=now, created_by_id=actor.id)
    session.add(job)
    session.flush()
    record_event(session, actor, "import.uploaded", job, kind=kind, bytes=len(data))
    session.commit()
    return job


def read_import(session: Session, job_id: int) -> ImportJob | None:
    """The background job: read the file once, keeping its rows, a preview and a suggested column mapping;
    a file that cannot be read fails the import with the reader's message (and the file is deleted)."""
    expire_imports(session)
    job = session.get(ImportJob, job_id)
    if job is None or job.status is not ImportStatus.UPLOADED or job.read_at is not None or job.content is None:
        return job

    def beat(rows: int) -> None:
        job.heartbeat_at, job.phase = utcnow(), f"{READING}: {rows:,} rows so far"
        session.commit()

    try:
        table = read_table(job.content, beat=beat)
    except FileProblem as problem:
        job.error = str(problem)
        finish(session, job, ImportStatus.FAILED, None)
        return job
    job.headers, job.rows, job.preview = table.headers, table.rows, table.rows[:PREVIEW_ROWS]
    job.mapping, job.total_rows = suggest_mapping(job.kind, table.headers), len(table.rows)
    job.read_at = job.heartbeat_at = utcnow()
    job.phase = None
    actor = session.get(User, job.created_by_id) if job.created_by_id else None
    record_event(session, actor, "import.read", job, kind=job.kind, rows=len(table.rows))
    session.commit()
    return job


def is_reading(job: ImportJob) -> bool:
    """The file is uploaded but the background job has not read it yet."""
    return job.status is ImportStatus.UPLOADED and job.read_at is None


def preview_rows(job: ImportJob) -> list[list[str]]:
    """The first rows of the file as the background job read them (the file is not read again)."""
    return list(job.preview or [])


def finish(session: Session, job: ImportJob, status: ImportStatus, phase: str | None) -> None:
    """End the import: the file and its rows hold students' records, so they are deleted now. Commits."""
    job.status, job.phase, job.finished_at = status, phase, utcnow()
    job.content = None
    job.rows = None
    session.commit()


def _fail(session: Session, job: ImportJob, message: str) -> None:
    job.error = message
    record_event(session, None, "import.expired", job, kind=job.kind, status=job.status.value)
    finish(session, job, ImportStatus.FAILED, None)


def expire_imports(session: Session, now: datetime | None = None) -> dict[str, int]:
    """Fail the imports whose worker died, and delete the files nobody started within ``RETENTION``.

    Run at every job start, on the import page and by ``flask expire-imports``; returns what it did.
    """
    now = now or utcnow()
    stale = {"stale": 0, "expired": 0}
    open_jobs = session.scalars(sa.select(ImportJob).where(
        ImportJob.status.in_([ImportStatus.UPLOADED, ImportStatus.QUEUED, ImportStatus.RUNNING]))).all()
    for job in open_jobs:
        last_sign = job.heartbeat_at or job.created_at
        if last_sign.tzinfo is None:
            last_sign = last_sign.replace(tzinfo=now.tzinfo)
        if job.status is ImportStatus.RUNNING or is_reading(job):
            if now - last_sign > STALE_AFTER:
                _fail(session, job, "The import stopped before it finished (its worker ended); nothing was "
                      "written and the file was deleted. Upload the file again.")
                stale["stale"] += 1
        elif job.status is ImportStatus.QUEUED:
            if now - last_sign > QUEUED_STALE_AFTER:
                _fail(session, job, "No worker took up the import within an hour; nothing was written and the "
                      "file was deleted. Upload the file again.")
                stale["stale"] += 1
        elif now - (job.created_at if job.created_at.tzinfo else job.created_at.replace(tzinfo=now.tzinfo)) \
                > RETENTION:
            _fail(session, job, "The import was not started within 24 hours of the upload, so the file was "
                  "deleted. Upload it again to import it.")
            stale["expired"] += 1
    # Whatever else still holds a file (none should): a finished import keeps no file.
    leftover = session.execute(sa.update(ImportJob).where(
        ImportJob.status.not_in([ImportStatus.UPLOADED, ImportStatus.QUEUED, ImportStatus.RUNNING]),
        sa.or_(ImportJob.content.is_not(None), ImportJob.rows.is_not(None)))
        .values(content=None, rows=None))
    session.commit()
    stale["files_deleted"] = stale["stale"] + stale["expired"] + (leftover.rowcount or 0)
    return stale
