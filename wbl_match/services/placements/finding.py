"""Finding after-acceptance records for whoever asks: a student's own, an employer's own, a consortium's.

Anything else is None, so that the pages answer 404 as for another consortium's record.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from wbl_match.models import AfterState, Employer, Placement, PlacementProgress, User
from wbl_match.services.placements.checklist import missing_items, refresh
from wbl_match.services.placements.lifecycle import ensure_progress, is_after_acceptance, progress_of
from wbl_match.services.tenancy import find_by_key


def _placement(session: Session, placement_id) -> Placement | None:
    placement = find_by_key(session, Placement, placement_id)
    return placement if placement is not None and is_after_acceptance(placement) else None


def _opened(session: Session, placement: Placement | None) -> PlacementProgress | None:
    if placement is None:
        return None
    progress = progress_of(session, placement)
    refresh(progress)
    session.commit()
    return progress


def for_consortium(session: Session, consortium_id: int, placement_id) -> PlacementProgress | None:
    placement = _placement(session, placement_id)
    if placement is None or placement.round.consortium_id != consortium_id:
        return None
    return _opened(session, placement)


def for_student(session: Session, user: User, placement_id) -> PlacementProgress | None:
    placement = _placement(session, placement_id)
    if placement is None or placement.student.user_id != user.id:
        return None
    return _opened(session, placement)


def for_employer(session: Session, user: User, placement_id) -> PlacementProgress | None:
    placement = _placement(session, placement_id)
    if placement is None or user.employer_id is None or placement.slot.employer_id != user.employer_id:
        return None
    return _opened(session, placement)


def of_employer(session: Session, employer: Employer) -> list[PlacementProgress]:
    """The employer's accepted placements, soonest start first."""
    records = [p for p in ensure_progress(session, employer.consortium_id)
               if p.placement.slot.employer_id == employer.id]
    return sorted(records, key=lambda p: (p.start_on or date.max, p.id))


def of_student(session: Session, user: User) -> list[PlacementProgress]:
    if user.student is None:
        return []
    return [p for p in ensure_progress(session, user.consortium_id) if p.placement.student_id == user.student.id]


@dataclass(frozen=True)
class NotReady:
    progress: PlacementProgress
    missing: list[str]


def not_ready_by_school(session: Session, consortium_id: int,
                        today: date | None = None) -> list[tuple[str, list[NotReady]]]:
    """Placements still getting ready, by school (A–Z), each school's soonest start first, with what is missing."""
    groups: dict[str, list[NotReady]] = defaultdict(list)
    records = ensure_progress(session, consortium_id)
    for progress in records:
        refresh(progress, today)
    session.commit()
    for progress in records:
        if progress.state is AfterState.PREPARING:
            groups[progress.placement.student.school.name].append(NotReady(progress, missing_items(progress, today)))
    return [(school, sorted(rows, key=lambda r: (r.progress.start_on or date.max, r.progress.id)))
            for school, rows in sorted(groups.items())]


def counts_by_state(records: list[PlacementProgress]) -> dict[AfterState, int]:
    counts = {state: 0 for state in AfterState}
    for progress in records:
        counts[progress.state] += 1
    return counts
