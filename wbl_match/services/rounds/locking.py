"""Serialising writes to one round across processes.

SQLite ignores ``SELECT ... FOR UPDATE``, so there the whole database is locked for writing with
``BEGIN IMMEDIATE`` (other writers wait, up to the busy timeout). PostgreSQL locks the round's row.
Either way the lock lasts until the caller's commit or rollback.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound
from wbl_match.services.rounds.errors import RoundError


def lock_round(session: Session, round_id: int) -> MatchRound:
    """Start a transaction holding the write lock on the round, and return the round freshly loaded."""
    if session.get_bind().dialect.name == "sqlite":
        session.commit()  # the lock must start a transaction of its own
        session.execute(sa.text("BEGIN IMMEDIATE"))
    statement = sa.select(MatchRound).where(MatchRound.id == round_id).execution_options(populate_existing=True)
    if session.get_bind().dialect.name != "sqlite":
        statement = statement.with_for_update()
    match_round = session.scalars(statement).one_or_none()
    if match_round is None:
        session.rollback()
        raise RoundError("This round no longer exists.")
    return match_round
