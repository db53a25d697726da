"""Bulk import: upload, map columns, check every row, then write the whole file in one transaction.

``start_import`` keeps the uploaded file and ``read_import`` (a background job) reads it once
(``services.bulk.uploads``), ``choose_mapping`` records the intermediary's column choices and queues the job, and
``run_import`` (the background job) checks every row, reporting all problems at once, and writes nothing
unless every row is valid; then creates and updates records by their external id in one transaction.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    Employer, ImportJob, ImportStatus, School, Slot, SlotStatus, StudentProfile, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.bulk.columns import COLUMNS, mapping_problems
from wbl_match.services.bulk.uploads import (  # noqa: F401 (start_import and preview_rows are used from here)
    expire_imports, finish, preview_rows, read_import, start_import,
)
from wbl_match.services.bulk.rows import READERS, Lookups, RowReader
from wbl_match.services.employers.records import assign_employer
from wbl_match.services.employers.slot_records import assign_slot
from wbl_match.services.students.records import assign_student

#: Progress is saved every this many rows while checking.
PROGRESS_EVERY = 1000
MODELS = {"students": StudentProfile, "employers": Employer, "slots": Slot}
ASSIGN = {"students": assign_student, "employers": assign_employer, "slots": assign_slot}


def choose_mapping(session: Session, actor: User, job: ImportJob, mapping: list[str | None]) -> list[str]:
    """Record the column mapping and queue the import; returns the mapping's problems (nothing queued then)."""
    if job.status is not ImportStatus.UPLOADED:
        return ["This import has already been started."]
    if job.read_at is None:
        return ["The file is still being read; wait a moment and try again."]
    mapping = [name or None for name in mapping][:len(job.headers)]
    mapping += [None] * (len(job.headers) - len(mapping))
    problems = mapping_problems(job.kind, mapping)
    if problems:
        return problems
    job.mapping = mapping
    job.status = ImportStatus.QUEUED
    job.phase, job.heartbeat_at = "Waiting for a worker", utcnow()
    record_event(session, actor, "import.started", job, kind=job.kind)
    session.commit()
    return []


def run_import(session: Session, job_id: int) -> ImportJob:
    """The background job: check every row, then write all of them in one transaction, or none."""
    expire_imports(session)
    job = session.get(ImportJob, job_id)
    if job is None or job.status is not ImportStatus.QUEUED:
        return job
    job.status, job.phase, job.heartbeat_at = ImportStatus.RUNNING, "Checking every row", utcnow()
    session.commit()
    try:
        checked = _check_rows(session, job)
        if job.problems:
            finish(session, job, ImportStatus.INVALID, "Nothing was written: fix the problems and upload again.")
        else:
            _write(session, job, checked)
    except Exception as error:  # recorded on the job; the worker stays alive
        session.rollback()
        job = session.get(ImportJob, job_id)
        job.error = f"The import failed unexpectedly ({type(error).__name__}); nothing was written."
        finish(session, job, ImportStatus.FAILED, None)
        raise
    return job


def _lookups(session: Session, consortium_id: int) -> Lookups:
    lookups = Lookups()
    for school_id, cds, name in session.execute(sa.select(School.id, School.cds_code, School.name)
                                                .where(School.consortium_id == consortium_id)):
        lookups.schools[cds] = school_id
        lookups.schools.setdefault(name.lower(), school_id)
    lookups.employers = dict(session.execute(sa.select(Employer.external_id, Employer.id).where(
        Employer.consortium_id == consortium_id, Employer.external_id.is_not(None))).all())
    return lookups


def _check_rows(session: Session, job: ImportJob) -> list[dict[str, Any]]:
    rows = job.rows or []
    labels = {column.name: column.label for column in COLUMNS[job.kind]}
    labels.update({name: header for header, name in zip(job.headers, job.mapping) if name})
    columns = [(index, name) for index, name in enumerate(job.mapping) if name]
    lookups, reader = _lookups(session, job.consortium_id), READERS[job.kind]
    problems, checked, seen = [], [], {}
    job.phase = "Checking every row"
    for number, cells in enumerate(rows, start=2):
        row = RowReader({name: cells[index] for index, name in columns}, labels)
        values = reader(row, lookups)
        external_id = values.get("external_id")
        if external_id and external_id in seen:
            id_column = COLUMNS[job.kind][0].name
            row.fail(id_column, f"The id {external_id} is also on row {seen[external_id]}.")
        elif external_id:
            seen[external_id] = number
        problems += [{"row": number, "column": column, "message": message} for column, message in row.problems]
        checked.append(values)
        if (number - 1) % PROGRESS_EVERY == 0:
            job.processed_rows, job.heartbeat_at = number - 1, utcnow()
            session.commit()
    job.processed_rows, job.problems = len(rows), problems
    session.commit()
    return checked


def _existing(session: Session, job: ImportJob) -> dict[str, Any]:
    model = MODELS[job.kind]
    query = sa.select(model).where(model.consortium_id == job.consortium_id, model.external_id.is_not(None))
    if job.kind == "students":
        query = query.options(selectinload(StudentProfile.interests), selectinload(StudentProfile.availability))
    elif job.kind == "slots":
        query = query.options(selectinload(Slot.shifts))
    else:
        query = query.options(selectinload(Employer.contacts))
    return {row.external_id: row for row in session.scalars(query)}


def _write(session: Session, job: ImportJob, checked: list[dict[str, Any]]) -> None:
    job.phase, job.heartbeat_at = f"Writing {len(checked):,} records", utcnow()
    session.commit()
    existing, assign, model = _existing(session, job), ASSIGN[job.kind], MODELS[job.kind]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    withdrawn = 0
    for values in checked:
        row = existing.get(values["external_id"])
        if values.pop("coordinates_from_zip", False) and row is not None and row.home_zip == values["home_zip"]:
            values = {k: v for k, v in values.items() if k not in ("home_lat", "home_lon")}
        if row is None:
            row = model(consortium_id=job.consortium_id)
            if job.kind == "slots":
                row.status = SlotStatus.DRAFT  # opening a slot needs the employer's safety attestation
            assign(row, values)
            session.add(row)
            counts["created"] += 1
        elif getattr(row, "withdrawn_at", None) is not None:
            # A withdrawn student stays withdrawn and as they are: a roster row does not bring them back.
            counts["unchanged"] += 1
            withdrawn += 1
        else:
            counts["updated" if assign(row, values) else "unchanged"] += 1
    job.created_count, job.updated_count, job.unchanged_count = counts["created"], counts["updated"], counts["unchanged"]
    actor = session.get(User, job.created_by_id) if job.created_by_id else None
    record_event(session, actor, "import.completed", job, kind=job.kind, withdrawn_left_as_is=withdrawn, **counts)
    finish(session, job, ImportStatus.SUCCEEDED, None)


def consortium_imports(session: Session, consortium_id: int, limit: int = 20) -> list[ImportJob]:
    """The consortium's latest imports, newest first."""
    return list(session.scalars(sa.select(ImportJob).where(ImportJob.consortium_id == consortium_id)
                                .order_by(ImportJob.id.desc()).limit(limit)))
