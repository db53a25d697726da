"""Is a round ready to solve? Counts at a glance, and who is missing what."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import EmployerRanking, MatchRound, Mechanism, Preference, SlotStatus
from wbl_match.services.rounds.round_rows import load_round_rows

#: At most this many incomplete profiles are listed by name (the count is always exact).
LISTED = 200


@dataclass
class Readiness:
    """What the round holds now, and what stands in the way of a solve."""

    students: int = 0
    complete: int = 0
    incomplete: list[tuple[object, list[str]]] = field(default_factory=list)
    incomplete_count: int = 0
    slots: int = 0
    open_slots: int = 0
    capacity: int = 0
    students_ranked: int = 0
    slots_ranked: int = 0
    blockers: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        """True when nothing blocks a solve."""
        return not self.blockers


def round_readiness(session: Session, match_round: MatchRound) -> Readiness:
    """Readiness of a round: complete profiles, open slots, capacity, rankings, and blockers."""
    rows = load_round_rows(session, match_round)
    open_slots = [s for s in match_round.slots if s.status is SlotStatus.OPEN]
    ready = Readiness(students=len(rows.students) + len(rows.incomplete), complete=len(rows.students),
                      incomplete=rows.incomplete[:LISTED], incomplete_count=len(rows.incomplete),
                      slots=len(match_round.slots), open_slots=len(open_slots),
                      capacity=sum(s.capacity for s in open_slots))
    ready.students_ranked = session.scalar(sa.select(sa.func.count(sa.distinct(Preference.student_id)))
                                           .where(Preference.round_id == match_round.id)) or 0
    ready.slots_ranked = session.scalar(sa.select(sa.func.count(sa.distinct(EmployerRanking.slot_id)))
                                        .where(EmployerRanking.round_id == match_round.id)) or 0
    ready.blockers = _blockers(match_round, ready)
    return ready


def _blockers(match_round: MatchRound, ready: Readiness) -> list[str]:
    blockers = []
    if not match_round.schools:
        blockers.append("No schools take part: choose them in the settings.")
    elif ready.complete == 0:
        blockers.append("No student of the chosen schools has a complete profile.")
    if ready.open_slots == 0:
        blockers.append("No open slot takes part: choose slots in the settings.")
    if match_round.mechanism is Mechanism.STABLE and ready.slots_ranked == 0:
        blockers.append("The stable mechanism needs employers' rankings, and none has ranked yet.")
    return blockers
