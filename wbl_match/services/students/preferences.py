"""Students rank slots in an open round: at most the round's ``max_ranked``, and only slots they may take."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.languages import N_, Message
from wbl_match.models import MatchRound, Preference, RoundState, Slot, StudentProfile, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.students.eligibility import eligible_slots
from wbl_match.services.errors import Collector, Refused, rolls_back_refusals
from wbl_match.services.rounds.membership import rounds_of_student

#: Rounds whose rankings the student and the staff still see: ranking is open, or it closed and the round
#: goes on (solving, solved, published, archived). A draft has no rankings yet.
RANKINGS_SHOWN = (RoundState.OPEN, RoundState.CLOSED, RoundState.SOLVING, RoundState.SOLVED, RoundState.PUBLISHED,
                  RoundState.ARCHIVED)


@dataclass(frozen=True)
class Ranking:
    """What a student ranked in one round."""

    round: MatchRound
    #: ``(rank, slot)`` in rank order.
    slots: list[tuple[int, Slot]]
    #: Whether the student may still change it.
    is_open: bool


def current_ranks(session: Session, match_round: MatchRound, profile: StudentProfile) -> dict[int, int]:
    """The student's ranking in the round: slot id → rank."""
    rows = session.execute(sa.select(Preference.slot_id, Preference.rank).where(
        Preference.round_id == match_round.id, Preference.student_id == profile.id)).all()
    return {slot_id: rank for slot_id, rank in rows}


def round_ranking(session: Session, match_round: MatchRound, profile: StudentProfile) -> list[tuple[int, Slot]]:
    """What the student ranked in the round, ``(rank, slot)`` in rank order, whatever the round's state."""
    return [(rank, slot) for rank, slot in session.execute(
        sa.select(Preference.rank, Slot).join(Slot, Slot.id == Preference.slot_id)
        .where(Preference.round_id == match_round.id, Preference.student_id == profile.id)
        .options(selectinload(Slot.employer)).order_by(Preference.rank))]


def student_rankings(session: Session, profile: StudentProfile) -> list[Ranking]:
    """The student's rankings, newest round first: every open round (ranked or not yet), and every later
    round in which they ranked, so a ranking stays in sight once ranking closes."""
    rounds = rounds_of_student(session, profile, RANKINGS_SHOWN)
    if not rounds:
        return []
    by_round: dict[int, list[tuple[int, Slot]]] = {}
    for preference, slot in session.execute(
            sa.select(Preference, Slot).join(Slot, Slot.id == Preference.slot_id)
            .where(Preference.student_id == profile.id, Preference.round_id.in_([r.id for r in rounds]))
            .options(selectinload(Slot.employer)).order_by(Preference.round_id, Preference.rank)):
        by_round.setdefault(preference.round_id, []).append((preference.rank, slot))
    return [Ranking(r, by_round.get(r.id, []), ranking_is_open(r)) for r in rounds
            if r.state is RoundState.OPEN or by_round.get(r.id)]


def _as_aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def ranking_is_open(match_round: MatchRound) -> bool:
    closes = match_round.ranking_closes_at
    return match_round.state is RoundState.OPEN and (closes is None or utcnow() < _as_aware(closes))


@rolls_back_refusals
def save_preferences(session: Session, actor: User, profile: StudentProfile, match_round: MatchRound,
                     ranks: dict[int, int]) -> list[int]:
    """Replace the student's ranking with ``ranks`` (slot id → rank); returns slot ids in rank order.

    Errors are reported on the field ``rank-<slot id>``. The ranks kept are renumbered 1, 2, 3 … in order.
    """
    if not ranking_is_open(match_round):
        raise Refused(N_("Ranking for this round is closed."))
    eligible = {e.slot.id for e in eligible_slots(session, profile, match_round)}
    errors = Collector()
    for slot_id, rank in ranks.items():
        if slot_id not in eligible:
            errors.add(f"rank-{slot_id}", N_("You cannot take this slot under the round's rules."))
        if not 1 <= rank <= match_round.max_ranked:
            errors.add(f"rank-{slot_id}", Message(N_("Choose a rank from 1 to %(most)s."), most=match_round.max_ranked))
    by_rank: dict[int, list[int]] = {}
    for slot_id, rank in ranks.items():
        by_rank.setdefault(rank, []).append(slot_id)
    for rank, slot_ids in by_rank.items():
        if len(slot_ids) > 1:
            for slot_id in slot_ids:
                errors.add(f"rank-{slot_id}", Message(N_("Rank %(rank)s is given to more than one slot."), rank=rank))
    if len(ranks) > match_round.max_ranked:
        errors.add("ranks", Message(N_("Rank at most %(most)s slots."), most=match_round.max_ranked))
    errors.raise_if_any()
    ordered = [slot_id for slot_id, _ in sorted(ranks.items(), key=lambda item: item[1])]
    profile_id, round_id = profile.id, match_round.id
    _lock_student(session, profile_id)
    match_round = session.get(MatchRound, round_id)
    if not ranking_is_open(match_round):  # closed while this request waited for the lock
        raise Refused(N_("Ranking for this round is closed."))
    session.execute(sa.delete(Preference).where(Preference.round_id == match_round.id,
                                                Preference.student_id == profile.id))
    session.add_all(Preference(round_id=match_round.id, student_id=profile.id, slot_id=slot_id, rank=rank)
                    for rank, slot_id in enumerate(ordered, start=1))
    record_event(session, actor, "preferences.saved", session.get(StudentProfile, profile_id), round_id=round_id,
                 slots=ordered)
    session.commit()
    return ordered


def _lock_student(session: Session, profile_id: int) -> None:
    """Serialise saves of one student's ranking: the delete and insert of one save never interleave with another's
    (PostgreSQL: the profile's row lock; SQLite: the database's write lock, taken at once)."""
    if session.get_bind().dialect.name == "sqlite":
        session.commit()
        session.execute(sa.text("BEGIN IMMEDIATE"))
        return
    session.execute(sa.select(StudentProfile.id).where(StudentProfile.id == profile_id).with_for_update())
