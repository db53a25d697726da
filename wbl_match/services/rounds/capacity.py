"""Places of a slot across every round that uses it: the one count of what a slot still takes.

A slot's places are held by its live placements (accepted, offered and proposed) in *every* round, so two
rounds over the same slots never fill one slot twice. A solve is given what is left (``held_elsewhere``);
writing a solve's proposals and publishing re-check it under the slots' locks (``fit``), and drop what no
longer fits or whose slot was closed meanwhile, saying why. Lowering a capacity (``capacity_floor``,
``trim_proposals``) never goes below the offers and acceptances a slot holds.

A place is held from the proposal until the placement ends: an accepted placement whose after-acceptance
record is completed or ended early (``PLACE_FREEING_STATES``) no longer holds one, so a re-match of its round
or a later round can fill it (``holds_place``). Its row stays accepted, and the slot's history keeps it; its
student still holds the round's one placement (a re-match leaves them out, ``kept_places``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, AfterState, Placement, PlacementProgress, PlacementStatus, Slot, SlotStatus,
)
from wbl_match.services.audit import record_event

COMMITTED = (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED)
#: After-acceptance states in which a placement has ended and its place is free again.
PLACE_FREEING_STATES = (AfterState.COMPLETED, AfterState.ENDED_EARLY)


def holds_place():
    """The SQL condition that a ``Placement`` row (of a live status) still holds one of its slot's places:
    it has not ended (no after-acceptance record completed or ended early). The one rule every count uses."""
    return ~sa.exists(sa.select(PlacementProgress.id).where(
        PlacementProgress.placement_id == Placement.id, PlacementProgress.state.in_(PLACE_FREEING_STATES)))


def ended_placements(session: Session, round_id: int) -> set[tuple[int, int]]:
    """The round's accepted placements that have ended, as ``(profile id, slot id)``: places freed."""
    return set(session.execute(sa.select(Placement.student_id, Placement.slot_id).where(
        Placement.round_id == round_id, Placement.status == PlacementStatus.ACCEPTED, ~holds_place())).all())


def kept_places(session: Session, round_id: int, kept: set[tuple[int, int]]) -> tuple[set, set[int]]:
    """Split a re-match's kept placements into those that still hold their place (``fixed``: student left
    out, place taken) and the students whose placement ended (left out, their place free for the solve)."""
    ended = ended_placements(session, round_id) & set(kept)
    return set(kept) - ended, {student_id for student_id, _ in ended}


@dataclass(frozen=True)
class Dropped:
    """A proposal that was not written or not offered, and why."""

    student_id: int
    slot_id: int
    reason: str


def places_used(session: Session, slot_ids: Iterable[int], *, except_round: int | None = None,
                statuses=ACTIVE_PLACEMENT_STATUSES) -> dict[int, int]:
    """Places held per slot across every round (but ``except_round``), by slot id: live placements that
    have not ended (``holds_place``)."""
    ids = sorted(set(slot_ids))
    if not ids:
        return {}
    query = sa.select(Placement.slot_id, sa.func.count(Placement.id)).where(
        Placement.slot_id.in_(ids), Placement.status.in_(statuses), holds_place()).group_by(Placement.slot_id)
    if except_round is not None:
        query = query.where(Placement.round_id != except_round)
    return dict(session.execute(query).all())


def lock_slots(session: Session, slot_ids: Iterable[int]) -> dict[int, Slot]:
    """The slots, freshly read and locked for the caller's transaction (in id order, so locks never cross).

    SQLite has no row locks: there the caller's ``BEGIN IMMEDIATE`` (``lock_round``) already serialises writers.
    """
    ids = sorted(set(slot_ids))
    if not ids:
        return {}
    query = sa.select(Slot).where(Slot.id.in_(ids)).order_by(Slot.id).execution_options(populate_existing=True)
    if session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    return {slot.id: slot for slot in session.scalars(query)}


def fit(session: Session, round_id: int, pairs: list[tuple[int, int, bool]], *, verb: str) -> tuple[set, list]:
    """Which of a round's new ``(student, slot, pinned)`` pairs still fit, under the slots' locks.

    Places held by every other round, and this round's own offers and acceptances, come first; then pinned
    pairs, then the others in the order given. Returns ``(kept pairs as (student, slot), dropped)``;
    ``verb`` says in a reason what was not done ("offered", "proposed").
    """
    slots = lock_slots(session, (slot_id for _, slot_id, _ in pairs))
    taken = defaultdict(int, places_used(session, slots, except_round=round_id))
    own = session.execute(sa.select(Placement.slot_id, sa.func.count(Placement.id)).where(
        Placement.round_id == round_id, Placement.slot_id.in_(list(slots)), Placement.status.in_(COMMITTED),
        holds_place()).group_by(Placement.slot_id)).all()
    for slot_id, count in own:
        taken[slot_id] += count
    kept, dropped = set(), []
    for student_id, slot_id, _pinned in sorted(pairs, key=lambda pair: not pair[2]):
        slot = slots.get(slot_id)
        if slot is None or slot.status is not SlotStatus.OPEN:
            dropped.append(Dropped(student_id, slot_id, f"not {verb}: the slot was closed"))
        elif taken[slot_id] >= slot.capacity:
            dropped.append(Dropped(student_id, slot_id, f"not {verb}: all {slot.capacity} places of "
                                                        f"“{slot.title}” are taken (in this or another round)"))
        else:
            taken[slot_id] += 1
            kept.add((student_id, slot_id))
    return kept, dropped


def held_elsewhere(session: Session, round_id: int, slot_ids: Iterable[int]) -> dict[int, int]:
    """Places of these slots held by other rounds' live placements: what a solve of this round cannot use."""
    return places_used(session, slot_ids, except_round=round_id)


def capacity_floor(session: Session, slot: Slot) -> int:
    """The offers and acceptances the slot holds in every round: its capacity cannot go below this."""
    return places_used(session, [slot.id], statuses=COMMITTED).get(slot.id, 0)


def trim_proposals(session: Session, actor, slot: Slot) -> int:
    """After a capacity was lowered: delete the newest proposals beyond it (in the caller's transaction).

    Returns how many were dropped; their students are unplaced until their round is solved again.
    """
    used = places_used(session, [slot.id]).get(slot.id, 0)
    excess = used - slot.capacity
    if excess <= 0:
        return 0
    proposals = session.scalars(sa.select(Placement).where(
        Placement.slot_id == slot.id, Placement.status == PlacementStatus.PROPOSED)
        .order_by(Placement.pinned, Placement.id.desc()).limit(excess)).all()
    for placement in proposals:
        record_event(session, actor, "placement.dropped", placement, consortium_id=slot.consortium_id,
                     round_id=placement.round_id,
                     reason="capacity lowered", slot_id=slot.id)
        session.delete(placement)
    session.flush()
    return len(proposals)
