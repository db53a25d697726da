"""Which open slots a student may take under the current round's rules, with distance and travel time.

The rules are the engine's own (``wbl_match.matching.rules.pair_failures``), applied to the engine objects
that ``services.engine_io`` builds for a solve, so a student is never shown a slot the engine would refuse them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from babel.dates import format_skeleton
from sqlalchemy.orm import Session, selectinload

from wbl_match import matching
from wbl_match.matching.rules import band_of, distance_km, pair_failures
from wbl_match.matching.travel import MODE_BY_CODE, km_to_minutes
from wbl_match.models import (
    MatchRound, RoundExclusion, RoundState, Slot, SlotStatus, StudentProfile,
)
from wbl_match.services.engine_io import engine_slot, engine_student
from wbl_match.services.rounds.membership import rounds_of_student
from wbl_match.languages import LOCALES, translations
from wbl_match.services.work_limits import band_lines, round_policy
from wbl_match.localisation import local_today


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
    """The open slots the student may take under the round's rules (default rules without a round), nearest first.

    The round's limits for minors and pathway rule apply too: a student never sees a slot they may not legally
    work. Only the ranking rules are left out (the student is choosing what to rank).
    """
    if match_round is None:
        policy = matching.Policy(mechanism="optimal", sector_rule="required", only_ranked=False)
    else:
        policy = replace(round_policy(session, match_round), mechanism="optimal", only_ranked=False)
    on = (match_round.term_start if match_round and match_round.term_start else None) or local_today()
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
    student = engine_student(profile, on=on or local_today())
    km = distance_km(student, engine_slot(slot))
    mode = profile.travel_mode.value if profile.travel_mode else None
    return km, (km_to_minutes(mode, km) if km is not None and mode else None)


def travel_phrase(mode_code: str | None) -> str:
    """The engine's words for a travel mode (``by car``, ``by bus or train``), so estimates read the same."""
    found = MODE_BY_CODE.get(mode_code or "")
    return found.label if found else ""


def work_limits_note(session: Session, profile: StudentProfile, match_round: MatchRound | None,
                     language: str | None = None) -> str | None:
    """Why some slots are not shown: the limits of the student's age band in the round, in plain words.

    None when the round applies no limits for minors, or the student is older than every band.
    """
    if match_round is None:
        return None
    policy = round_policy(session, match_round)
    if policy.work_limits is None:
        return None
    on = match_round.term_start or local_today()
    student = engine_student(profile, on=on)
    band = band_of(student, policy)
    if band is None:
        return None
    lines = " ".join(band_lines(band.to_dict(), language))
    _ = translations(language).gettext
    if student.age is None:
        return _("Slots beyond the limits for minors are not shown. We have no date of birth for you, so you are "
                 "held to the limits for students of %(age)s and under until your coordinator adds it: %(lines)s") \
            % {"age": band.max_age, "lines": lines}
    return _("Slots beyond the limits for your age (%(age)s on %(day)s) are not shown. %(lines)s") % {
        "age": student.age, "day": format_skeleton("MMMMd", on, locale=LOCALES.get(language or "en", "en_US")),
        "lines": lines}
