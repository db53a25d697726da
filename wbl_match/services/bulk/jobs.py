"""Background job entry points of bulk imports (``wbl_match.jobs`` runs them by name and gives them their session).

Reading an uploaded file and checking and writing its rows both run here, never in a web request.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from wbl_match.services.bulk.importing import run_import
from wbl_match.services.bulk.uploads import read_import

#: Job names to enqueue: ``enqueue(READ_JOB, import_id)`` after an upload, ``IMPORT_JOB`` after the mapping.
READ_JOB = "wbl_match.services.bulk.jobs:read_job"
IMPORT_JOB = "wbl_match.services.bulk.jobs:import_job"


def read_job(session: Session, import_id: int) -> None:
    """Read one uploaded file (see ``uploads.read_import``)."""
    read_import(session, import_id)


def import_job(session: Session, import_id: int) -> None:
    """Check and write one import (see ``importing.run_import``)."""
    run_import(session, import_id)
