"""Serialising writes to one round across processes.

SQLite ignores ``SELECT ... FOR UPDATE``, so there the whole database is locked for writing with
``BEGIN IMMEDIATE`` (other writers wait, up to the busy timeout). PostgreSQL locks the round's row.
Either way the lock lasts until the caller's commit or rollback.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, round_schools
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


def lock_school_rounds(session: Session, consortium_id: int, school_id: int) -> None:
    """Start a transaction holding the write locks of every round the school takes part in.

    A change to one of the school's students (a withdrawal) then cannot interleave with a round's move into
    solving: whichever comes second sees what the first committed.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.commit()
        session.execute(sa.text("BEGIN IMMEDIATE"))
        return
    session.execute(sa.select(MatchRound.id).join(round_schools, round_schools.c.round_id == MatchRound.id)
                    .where(MatchRound.consortium_id == consortium_id, round_schools.c.school_id == school_id)
                    .order_by(MatchRound.id).with_for_update(of=MatchRound))
