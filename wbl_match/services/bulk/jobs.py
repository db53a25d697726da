"""Background job entry points of bulk imports (``wbl_match.jobs`` runs them by name, in an app context).

Reading an uploaded file and checking and writing its rows both run here, never in a web request. Like the
round jobs, they get their database session from the factory the application binds once.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from wbl_match.services.bulk.importing import run_import
from wbl_match.services.bulk.uploads import read_import

#: Job names to enqueue: ``enqueue(READ_JOB, import_id)`` after an upload, ``IMPORT_JOB`` after the mapping.
READ_JOB = "wbl_match.services.bulk.jobs:read_job"
IMPORT_JOB = "wbl_match.services.bulk.jobs:import_job"
_session_factory: Callable[[], Session] | None = None


def bind_session_factory(factory: Callable[[], Session]) -> None:
    """Tell the jobs how to get the application's session."""
    global _session_factory
    _session_factory = factory


def _session() -> Session:
    if _session_factory is None:
        raise RuntimeError("no session factory bound for import jobs")
    return _session_factory()


def read_job(import_id: int) -> None:
    """Read one uploaded file (see ``uploads.read_import``)."""
    read_import(_session(), import_id)


def import_job(import_id: int) -> None:
    """Check and write one import (see ``importing.run_import``)."""
    run_import(_session(), import_id)
