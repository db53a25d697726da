"""Which open slots a student may take under the current round's rules, with distance and travel time.

The rules are the engine's own (``wbl_match.matching.rules.pair_failures``), applied to the engine objects
that ``services.engine_io`` builds for a solve, so a student is never shown a slot the engine would refuse them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match import matching
from wbl_match.matching.rules import distance_km, pair_failures
from wbl_match.matching.travel import MODE_BY_CODE, km_to_minutes
from wbl_match.models import (
    MatchRound, RoundExclusion, RoundState, Slot, SlotStatus, StudentProfile,
)
from wbl_match.services.engine_io import engine_slot, engine_student
from wbl_match.services.rounds.membership import rounds_of_student


@dataclass(frozen=True)
class EligibleSlot:
    slot: Slot
    #: Straight-line km from home; None for a remote slot.
    distance_km: float | None
    #: Estimated minutes by the student's way of travelling; None when remote or no mode is set.
    minutes: float | None


def open_rounds_for(session: Session, profile: StudentProfile) -> list[MatchRound]:
    """The open rounds the student takes part in (``rounds.membership``), newest first.

    A round without schools has no students, so nobody can rank in it.
    """
    return rounds_of_student(session, profile, (RoundState.OPEN,))


def open_round_for(session: Session, profile: StudentProfile) -> MatchRound | None:
    """The newest open round the student takes part in, or None."""
    rounds = open_rounds_for(session, profile)
    return rounds[0] if rounds else None


def _candidate_slots(session: Session, profile: StudentProfile, match_round: MatchRound | None) -> list[Slot]:
    query = sa.select(Slot).where(Slot.consortium_id == profile.consortium_id, Slot.status == SlotStatus.OPEN)
    if match_round is not None and match_round.slots:
        query = query.where(Slot.id.in_([s.id for s in match_round.slots]))
    return list(session.scalars(query.options(selectinload(Slot.shifts), selectinload(Slot.employer))))


def eligible_slots(session: Session, profile: StudentProfile,
                   match_round: MatchRound | None = None) -> list[EligibleSlot]:
    """The open slots the student may take under the round's rules (default rules without a round), nearest first."""
    sector_rule = match_round.sector_rule.value if match_round else "required"
    policy = matching.Policy(mechanism="optimal", sector_rule=sector_rule, only_ranked=False)
    on = (match_round.term_start if match_round and match_round.term_start else None) or date.today()
    student = engine_student(profile, on=on)
    excluded = set()
    if match_round is not None:
        excluded = set(session.scalars(sa.select(RoundExclusion.slot_id).where(
            RoundExclusion.round_id == match_round.id, RoundExclusion.student_id == profile.id)))
    found = []
    for slot in _candidate_slots(session, profile, match_round):
        candidate = engine_slot(slot)
        if pair_failures(student, candidate, policy, excluded=slot.id in excluded):
            continue
        km = distance_km(student, candidate)
        mode = profile.travel_mode.value if profile.travel_mode else None
        found.append(EligibleSlot(slot, km, km_to_minutes(mode, km) if km is not None and mode else None))
    return sorted(found, key=lambda e: (e.distance_km or 0.0, e.slot.title, e.slot.id))


def travel_estimate(profile: StudentProfile, slot: Slot, on: date | None = None) -> tuple[float | None, float | None]:
    """Straight-line km and estimated minutes from the student's home to the slot (None, None when remote)."""
    student = engine_student(profile, on=on or date.today())
    km = distance_km(student, engine_slot(slot))
    mode = profile.travel_mode.value if profile.travel_mode else None
    return km, (km_to_minutes(mode, km) if km is not None and mode else None)


def travel_phrase(mode_code: str | None) -> str:
    """The engine's words for a travel mode (``by car``, ``by bus or train``), so estimates read the same."""
    found = MODE_BY_CODE.get(mode_code or "")
    return found.label if found else ""
