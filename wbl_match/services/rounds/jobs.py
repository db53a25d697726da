"""Background job entry points (``wbl_match.jobs`` runs them by name, inside an application context).

Services never import the web framework, so the job needs to be told how to get a database session:
the application binds a session factory once (``bind_session_factory``) when it registers its pages.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.orm import Session

from wbl_match.services.rounds.solving import run_round

#: The job name to enqueue for a solve: ``enqueue(SOLVE_JOB, solve_id)``.
SOLVE_JOB = "wbl_match.services.rounds.jobs:solve_job"
_session_factory: Callable[[], Session] | None = None


def bind_session_factory(factory: Callable[[], Session]) -> None:
    """Tell the jobs how to get the application's session."""
    global _session_factory
    _session_factory = factory


def solve_job(solve_id: int) -> None:
    """Run a queued solve (see ``solving.run_round``); its row records the outcome."""
    if _session_factory is None:
        raise RuntimeError("no session factory bound for round jobs")
    # The application context that runs the job removes the session afterwards.
    run_round(_session_factory(), solve_id)
