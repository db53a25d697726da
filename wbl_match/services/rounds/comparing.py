"""Two solves of a round side by side: placed, cost, and who moved."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Slot, SolveRun, SolveStatus, StudentProfile
from wbl_match.services import engine_io
from wbl_match.services.rounds.errors import RoundError


@dataclass
class Move:
    """A student whose outcome differs between the two solves (slot None = unplaced)."""

    student: StudentProfile
    before: Slot | None
    after: Slot | None


@dataclass
class Comparison:
    """Solve ``a`` (earlier) against solve ``b``."""

    a: SolveRun
    b: SolveRun
    moves: list[Move] = field(default_factory=list)

    @property
    def newly_placed(self) -> list[Move]:
        return [m for m in self.moves if m.before is None]

    @property
    def newly_unplaced(self) -> list[Move]:
        return [m for m in self.moves if m.after is None]

    @property
    def moved(self) -> list[Move]:
        return [m for m in self.moves if m.before is not None and m.after is not None]


def succeeded_solves(session: Session, round_id: int) -> list[SolveRun]:
    """The round's successful solves, newest first."""
    return list(session.scalars(sa.select(SolveRun).where(SolveRun.round_id == round_id,
                                                          SolveRun.status == SolveStatus.SUCCEEDED)
                                .order_by(SolveRun.id.desc())))


def compare_solves(session: Session, match_round: MatchRound, a_id, b_id) -> Comparison:
    """Compare two successful solves of the round; raise ``RoundError`` if either is not one."""
    solves = {s.id: s for s in succeeded_solves(session, match_round.id)}
    try:
        a, b = solves[int(a_id)], solves[int(b_id)]
    except (KeyError, TypeError, ValueError):
        raise RoundError("Choose two successful solves of this round.") from None
    if a.id > b.id:
        a, b = b, a
    before, after = _assignment(a), _assignment(b)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    students = _by_id(session, StudentProfile, changed)
    slots = _by_id(session, Slot, {x for k in changed for x in (before.get(k), after.get(k)) if x is not None})
    moves = [Move(students[k], slots.get(before.get(k)), slots.get(after.get(k))) for k in changed if k in students]
    moves.sort(key=lambda m: (m.student.last_name, m.student.first_name))
    return Comparison(a, b, moves)


def _assignment(solve: SolveRun) -> dict[int, int]:
    return {engine_io.profile_id_of(p["student"]): engine_io.slot_id_of(p["slot"])
            for p in (solve.result or {}).get("placements", [])}


def _by_id(session: Session, model, ids) -> dict:
    ids = list(ids)
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(sa.select(model).where(model.id.in_(ids)))}
