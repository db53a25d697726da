"""Background job entry points of bulk import (``wbl_match.jobs`` runs them by name and gives them their session)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from wbl_match.services.bulk.importing import run_import

#: The job name to enqueue for an import: ``enqueue(IMPORT_JOB, import_id)``.
IMPORT_JOB = "wbl_match.services.bulk.jobs:import_job"


def import_job(session: Session, import_id: int) -> None:
    """Check and write one import (see ``importing.run_import``)."""
    run_import(session, import_id)
