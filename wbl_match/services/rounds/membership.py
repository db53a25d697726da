"""Which students take part in a round, from the database, by the one rule of ``wbl_match.domain.membership``.

Every question of membership goes through here: the students a solve, readiness or the equity report
counts (``members_clause``), whether one student may be pinned, adjusted or shown a round
(``takes_part``), and the rounds one student takes part in (``rounds_of_student``). A round without
schools has no students.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.domain import membership
from wbl_match.models import MatchRound, RoundState, StudentProfile, round_schools


def round_school_ids(session: Session, match_round: MatchRound) -> set[int]:
    """The ids of the round's schools."""
    return set(session.scalars(sa.select(round_schools.c.school_id)
                               .where(round_schools.c.round_id == match_round.id)))


def members_clause(match_round: MatchRound):
    """A SQL condition on ``StudentProfile``: the student takes part in ``match_round``."""
    school_ids = sa.select(round_schools.c.school_id).where(round_schools.c.round_id == match_round.id)
    return sa.and_(StudentProfile.consortium_id == match_round.consortium_id,
                   StudentProfile.school_id.in_(school_ids), StudentProfile.withdrawn_at.is_(None))


def takes_part(session: Session, match_round: MatchRound, student: StudentProfile | None, *,
               were_they_not_withdrawn: bool = False) -> bool:
    """True when ``student`` takes part in ``match_round`` (False for None).

    ``were_they_not_withdrawn``: whether they would take part but for a withdrawal (to say why they do not).
    """
    if student is None:
        return False
    return membership.takes_part(
        student_consortium_id=student.consortium_id, student_school_id=student.school_id,
        withdrawn=student.withdrawn_at is not None and not were_they_not_withdrawn,
        round_consortium_id=match_round.consortium_id,
        round_school_ids=round_school_ids(session, match_round))


def rounds_of_student(session: Session, student: StudentProfile,
                      states: Iterable[RoundState]) -> list[MatchRound]:
    """The rounds in ``states`` that ``student`` takes part in, newest first."""
    if student.withdrawn_at is not None:
        return []
    return list(session.scalars(
        sa.select(MatchRound).join(round_schools, round_schools.c.round_id == MatchRound.id)
        .where(MatchRound.consortium_id == student.consortium_id, MatchRound.state.in_(tuple(states)),
               round_schools.c.school_id == student.school_id)
        .order_by(MatchRound.created_at.desc(), MatchRound.id.desc())))
