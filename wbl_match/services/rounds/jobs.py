"""Background job entry points of rounds (``wbl_match.jobs`` runs them by name and gives them their session)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from wbl_match.services.rounds.running import run_round
from wbl_match.services.rounds.solving import SOLVE_JOB

__all__ = ["SOLVE_JOB", "solve_job"]


def solve_job(session: Session, solve_id: int) -> None:
    """Run a queued solve (see ``running.run_round``); its row records the outcome."""
    run_round(session, solve_id)
