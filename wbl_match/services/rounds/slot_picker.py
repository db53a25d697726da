"""The slots a coordinator picks from when pinning or excluding a student, with what tells them apart.

For a pin only the slots the student can take are offered: the engine's own rules
(``matching.rules.pair_failures``) on the objects ``services.engine_io`` builds, under the round's policy —
the same check ``adjusting.pin_student`` makes through the engine's round-file validation — and only
slots with a place not already pinned to someone else. An exclusion may name any slot of the round.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.domain.weekly import format_schedule
from wbl_match.matching.rules import distance_km, pair_failures
from wbl_match.models import ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, RoundExclusion, Slot, StudentProfile
from wbl_match.services.engine_io import engine_slot, engine_student
from wbl_match.services.rounds.capacity import holds_place
from wbl_match.services.work_limits import round_policy

#: Options shown at once; the search narrows the rest.
SHOWN = 30


@dataclass(frozen=True)
class SlotOption:
    """A slot with what tells it apart from its neighbours: employer, site, weekly schedule and seats
    (``templates/intermediary/_slot_label.html`` writes it out, for the picker and the round's settings)."""

    slot: Slot
    #: Places not yet taken by another student's placement in this round (None: not counted for a round,
    #: the slot's capacity is shown).
    seats_left: int | None
    #: Straight-line km from the student's home (None: remote, unknown or no student).
    distance_km: float | None
    schedule: str


def describe(slot: Slot, seats_left: int | None = None, distance: float | None = None) -> SlotOption:
    """The slot as an option (its shifts and employer loaded)."""
    return SlotOption(slot, seats_left, distance,
                      format_schedule([(s.day, s.start_minute, s.end_minute) for s in slot.shifts]))


def describe_all(slots: list[Slot]) -> list[SlotOption]:
    """Slots to choose from without a student (the round's settings), in the order given."""
    return [describe(slot) for slot in slots]


@dataclass(frozen=True)
class Picked:
    options: list[SlotOption]
    #: How many slots matched the search (more than ``options`` when cut to ``SHOWN``).
    matched: int
    #: How many slots of the round the student could be given at all (for a pin) or the round holds.
    available: int


def _matches(slot: Slot, needle: str) -> bool:
    text = " ".join(x for x in (slot.title, slot.employer.name, slot.site_city or "", slot.site_address or "") if x)
    return needle in text.lower()


def _round_slots(session: Session, match_round: MatchRound) -> list[Slot]:
    ids = [s.id for s in match_round.slots]
    return list(session.scalars(sa.select(Slot).where(Slot.id.in_(ids))
                                .options(selectinload(Slot.employer), selectinload(Slot.shifts))))


def pick_slots(session: Session, match_round: MatchRound, profile: StudentProfile, purpose: str,
               q: str = "") -> Picked:
    """The round's slots for ``purpose`` (``pin`` or ``exclude``) matching ``q``, nearest first."""
    if purpose not in ("pin", "exclude"):
        raise ValueError(f"unknown purpose {purpose!r}")
    student = engine_student(profile, on=match_round.term_start)
    taken = Counter(dict(session.execute(
        sa.select(Placement.slot_id, sa.func.count(Placement.id)).where(
            Placement.round_id == match_round.id, Placement.student_id != profile.id,
            Placement.status.in_(ACTIVE_PLACEMENT_STATUSES), holds_place()).group_by(Placement.slot_id)).all()))
    pinned = Counter(dict(session.execute(
        sa.select(Placement.slot_id, sa.func.count(Placement.id)).where(
            Placement.round_id == match_round.id, Placement.student_id != profile.id, Placement.pinned.is_(True),
            Placement.status.in_(ACTIVE_PLACEMENT_STATUSES)).group_by(Placement.slot_id)).all()))
    excluded = set(session.scalars(sa.select(RoundExclusion.slot_id).where(
        RoundExclusion.round_id == match_round.id, RoundExclusion.student_id == profile.id)))
    policy = round_policy(session, match_round) if purpose == "pin" else None
    options = []
    for slot in _round_slots(session, match_round):
        candidate = engine_slot(slot)
        if purpose == "pin" and (pinned[slot.id] >= slot.capacity
                                 or pair_failures(student, candidate, policy, excluded=slot.id in excluded)):
            continue
        if purpose == "exclude" and slot.id in excluded:
            continue
        options.append(describe(slot, max(0, slot.capacity - taken[slot.id]), distance_km(student, candidate)))
    needle = q.strip().lower()
    found = [o for o in options if not needle or _matches(o.slot, needle)]
    found.sort(key=lambda o: (o.distance_km is None, o.distance_km or 0.0, o.slot.title, o.slot.id))
    return Picked(found[:SHOWN], len(found), len(options))
