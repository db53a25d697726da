"""What every move of a round keeps, checked against the database: ``breaches`` lists what does not hold.

The state machine (``lifecycle.py``) and its use cases keep these; the tests check them after every step
of random sequences of moves (``tests/services/test_round_state_machine.py``). Each breach is one line
naming the rule and the rows. Cheap enough for a test to call after every step on a small consortium.

1. A student holds at most one live placement (proposed, offered, accepted) in a round.
2. No slot holds more places than its capacity, counted across every round that uses it (``capacity.places_used``:
   live placements that have not ended; a completed or ended-early placement has freed its place).
3. Proposals exist only in a solved round (or one being solved again); offers only in a round published once.
4. A round is solving exactly while one solve of it is queued or running.
5. An offer is answered once (one answer in the audit trail, at most).
6. An accepted placement is never lost, moved or hidden: ``accepted`` (placement id -> slot id, as the caller
   saw them) are all still accepted in the same slot, unless their student was withdrawn.
7. A closed slot takes no new offer: ``offers_at_closing`` (slot id -> offered placement ids when it closed).
8. The student, the employer and the coordinator see the same placement with the same status.
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, AuditEvent, Employer, MatchRound, Placement, PlacementStatus, RoundState, Slot,
    SolveRun, SolveStatus, StudentProfile,
)
from wbl_match.services.rounds.capacity import places_used
from wbl_match.services.rounds.review import active_placements

PROPOSALS_IN = (RoundState.SOLVED, RoundState.SOLVING)


def breaches(session: Session, consortium_id: int, *, accepted: dict[int, int] | None = None,
             offers_at_closing: dict[int, set[int]] | None = None) -> list[str]:
    """Every invariant of the consortium's rounds that does not hold now (empty: all hold)."""
    rounds = {r.id: r for r in session.scalars(sa.select(MatchRound).where(
        MatchRound.consortium_id == consortium_id).execution_options(populate_existing=True))}
    placements = list(session.scalars(sa.select(Placement).where(Placement.round_id.in_(list(rounds)))
                                      .execution_options(populate_existing=True)))
    found: list[str] = []
    live = [p for p in placements if p.status in ACTIVE_PLACEMENT_STATUSES]
    for (round_id, student_id), count in Counter((p.round_id, p.student_id) for p in live).items():
        if count > 1:
            found.append(f"1: student {student_id} holds {count} live placements in round {round_id}")
    slots = {s.id: s for s in session.scalars(sa.select(Slot).where(Slot.consortium_id == consortium_id)
                                              .execution_options(populate_existing=True))}
    for slot_id, count in places_used(session, slots).items():
        if count > slots[slot_id].capacity:
            found.append(f"2: slot {slot_id} holds {count} places for {slots[slot_id].capacity}")
    offered_rounds = {p.round_id for p in placements if p.offered_at is not None}
    for p in placements:
        state = rounds[p.round_id].state
        if p.status is PlacementStatus.PROPOSED and state not in PROPOSALS_IN:
            found.append(f"3: placement {p.id} is proposed in a {state.value} round")
        if p.status is PlacementStatus.OFFERED and (p.offered_at is None or p.round_id not in offered_rounds):
            found.append(f"3: placement {p.id} is an offer that was never made")
    active = Counter(session.scalars(sa.select(SolveRun.round_id).where(
        SolveRun.round_id.in_(list(rounds)), SolveRun.status.in_((SolveStatus.QUEUED, SolveStatus.RUNNING)))))
    for round_id, match_round in rounds.items():
        solving = match_round.state is RoundState.SOLVING
        if solving != (active[round_id] == 1) or active[round_id] > 1:
            found.append(f"4: round {round_id} is {match_round.state.value} with {active[round_id]} active solves")
    answers = Counter(session.scalars(sa.select(AuditEvent.entity_id).where(
        AuditEvent.entity_type == "placements", AuditEvent.action.in_(("placement.accepted", "placement.declined")),
        AuditEvent.entity_id.in_([p.id for p in placements]))))
    found += [f"5: placement {pid} was answered {n} times" for pid, n in answers.items() if n > 1]
    by_id = {p.id: p for p in placements}
    for placement_id, slot_id in (accepted or {}).items():
        p = by_id.get(placement_id)
        if p is None or p.slot_id != slot_id or (p.status is not PlacementStatus.ACCEPTED
                                                 and not _withdrawn_with_student(session, p)):
            found.append(f"6: accepted placement {placement_id} is "
                         f"{'gone' if p is None else p.status.value + ' in slot ' + str(p.slot_id)}")
    for slot_id, before in (offers_at_closing or {}).items():
        new = {p.id for p in placements if p.slot_id == slot_id and p.offered_at is not None} - before
        if new:
            found.append(f"7: closed slot {slot_id} was offered anew: placements {sorted(new)}")
    found += _views_disagree(session, rounds, placements)
    return found


def _withdrawn_with_student(session: Session, placement: Placement) -> bool:
    """Withdrawn because its student left the programme (they may have been reinstated since)."""
    from wbl_match.services.students.withdrawals import WITHDRAWN_REASON

    return placement.status is PlacementStatus.WITHDRAWN and placement.response_reason == WITHDRAWN_REASON


def _views_disagree(session: Session, rounds: dict[int, MatchRound], placements: list[Placement]) -> list[str]:
    from wbl_match.services.employers.their_rounds import placed_students
    from wbl_match.services.students.their_rounds import published_placements

    found = []
    shown = [p for p in placements if p.offered_at is not None and p.status in ACTIVE_PLACEMENT_STATUSES]
    if not shown:
        return found
    shown_rounds = {p.round_id for p in shown}
    coordinator = {p.id: (p.slot_id, p.status) for r in shown_rounds for p in active_placements(session, r)}
    student_view: dict[int, tuple] = {}
    for student_id in {p.student_id for p in shown}:
        profile = session.get(StudentProfile, student_id)
        for p in published_placements(session, profile):
            student_view[p.id] = (p.slot_id, p.status)
    employer_view: dict[int, tuple] = {}
    employers = set(session.scalars(sa.select(Slot.employer_id).where(Slot.id.in_({p.slot_id for p in shown}))))
    for employer_id in employers:
        employer = session.get(Employer, employer_id)
        for round_id in shown_rounds:
            for placed in placed_students(session, employer, rounds[round_id]):
                employer_view[placed.placement.id] = (placed.placement.slot_id, placed.placement.status)
    for p in shown:
        views = [coordinator.get(p.id), student_view.get(p.id), employer_view.get(p.id)]
        if len(set(views)) != 1 or views[0] is None:
            found.append(f"8: placement {p.id} is seen as {views} (coordinator, student, employer)")
    return found
