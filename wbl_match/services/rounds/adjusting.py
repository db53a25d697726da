"""Adjusting a round between solves: pin a student to a slot, exclude a pair, lift either.

A pin is kept as the student's proposed placement, marked pinned; the next solve must keep it. It is
checked against the engine's rules at once, so an impossible pin is refused here rather than failing
the next solve.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.matching import Pair, Round, RoundFileError, load_round
from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, MatchRound, Mechanism, Placement, PlacementStatus, RoundExclusion, RoundState,
    Slot, StudentProfile, User,
)
from wbl_match.services import engine_io
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.capacity import lock_slots, places_used
from wbl_match.services.rounds.errors import RoundError, a_round, capital
from wbl_match.services.rounds.locking import lock_round
from wbl_match.services.rounds.membership import takes_part
from wbl_match.services.rounds.round_rows import gaps_in_round
from wbl_match.services.tenancy import MAX_KEY, find_by_key, find_in_consortium
from wbl_match.services.work_limits import round_policy

#: Plain words for the engine's rule codes.
RULE_WORDS = {"no_sector_match": "the sector does not match the student's interests",
              "too_far": "the site is beyond the student's travel limit",
              "schedule_conflict": "the schedule does not fit the student's availability",
              "ineligible": "the student does not meet the grade, age or certification requirements",
              "work_hours": "the shift's hours are beyond the limits for the student's age",
              "no_pathway_match": "the slot is meant for other pathways",
              "excluded": "the pair is excluded", "not_ranked": "the student did not rank this slot"}
#: States in which the intermediary may adjust pins and exclusions.
ADJUSTABLE = (RoundState.CLOSED, RoundState.SOLVED)


def _participants(session: Session, match_round: MatchRound, student_id, slot_id):
    student = find_in_consortium(session, StudentProfile, student_id, match_round.consortium_id)
    slot = find_in_consortium(session, Slot, slot_id, match_round.consortium_id)
    if not takes_part(session, match_round, student, were_they_not_withdrawn=True):
        raise RoundError("Choose a student who takes part in this round.", "student_id")
    if student.withdrawn_at is not None:
        raise RoundError("This student has been withdrawn from the programme.", "student_id")
    if slot is None or slot not in match_round.slots:
        raise RoundError("Choose a slot that takes part in this round.", "slot_id")
    return student, slot


def _int(value):
    """A record key by the key guard of ``tenancy`` (-1, which names no row, for anything else)."""
    try:
        key = int(value)
    except (TypeError, ValueError):
        return -1
    return key if 1 <= key <= MAX_KEY else -1


def _locked_adjustable(session: Session, round_id: int, states=ADJUSTABLE) -> MatchRound:
    match_round = lock_round(session, round_id)
    if match_round.state not in states:
        session.rollback()
        raise RoundError(f"{capital(a_round(match_round.state))} cannot be adjusted; "
                         f"pins and exclusions change between solves.")
    return match_round


def pin_student(session: Session, actor: User, round_id: int, student_id, slot_id) -> Placement:
    """Pin a student to a slot for the next solve (replacing the student's proposed placement)."""
    match_round = _locked_adjustable(session, round_id, (RoundState.SOLVED,))
    try:
        if match_round.mechanism is Mechanism.STABLE:
            raise RoundError("The stable mechanism allows no pins; use exclusions instead.", "slot_id")
        student, slot = _participants(session, match_round, student_id, slot_id)
        _check_pin(session, match_round, student, slot)
        placement = session.scalar(sa.select(Placement).where(
            Placement.round_id == round_id, Placement.student_id == student.id,
            Placement.status.in_(ACTIVE_PLACEMENT_STATUSES)))
        if placement is None:
            placement = Placement(round_id=round_id, student_id=student.id, status=PlacementStatus.PROPOSED)
            session.add(placement)
        elif placement.status is not PlacementStatus.PROPOSED:
            raise RoundError("This student already has an offer; it cannot be changed by a pin.", "student_id")
        placement.slot_id, placement.pinned, placement.solve_id, placement.cost = slot.id, True, None, None
        session.flush()
        _make_room(session, actor, match_round, slot, student)
        record_event(session, actor, "round.pinned", match_round, student_id=student.id, slot_id=slot.id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return placement


def _check_pin(session: Session, match_round: MatchRound, student: StudentProfile, slot: Slot) -> None:
    gaps = gaps_in_round(student, match_round)
    if gaps:
        raise RoundError(f"This student's profile lacks {', '.join(gaps)}.", "student_id")
    others = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.round_id == match_round.id, Placement.slot_id == slot.id, Placement.pinned.is_(True),
        Placement.student_id != student.id, Placement.status.in_(ACTIVE_PLACEMENT_STATUSES)))
    if others >= slot.capacity:
        raise RoundError(f"Every place of this slot is already pinned ({slot.capacity}).", "slot_id")
    excluded = session.get(RoundExclusion, (match_round.id, student.id, slot.id))
    on = match_round.term_start
    one = Round(students=(engine_io.engine_student(student, on=on),), slots=(engine_io.engine_slot(slot),),
                        policy=round_policy(session, match_round), pins=(_pair(student, slot),),
                        exclusions=(_pair(student, slot),) if excluded else ())
    try:
        load_round(one.to_dict())
    except RoundFileError as error:
        codes = error.message.split("breaks ", 1)[-1].split(", ") if "breaks " in error.message else []
        words = "; ".join(RULE_WORDS.get(code, code) for code in codes) or error.message
        raise RoundError(f"This student cannot take this slot: {words}.", "slot_id") from None


def _make_room(session: Session, actor: User, match_round: MatchRound, slot: Slot, student: StudentProfile) -> None:
    """A pin takes one of the slot's places: when every place is held (in any round), the round's newest
    unpinned proposal for the slot gives way (its student is unplaced until the next solve); if none can,
    the pin is refused."""
    lock_slots(session, [slot.id])
    if places_used(session, [slot.id]).get(slot.id, 0) <= slot.capacity:
        return
    giving_way = session.scalar(sa.select(Placement).where(
        Placement.round_id == match_round.id, Placement.slot_id == slot.id, Placement.pinned.is_(False),
        Placement.status == PlacementStatus.PROPOSED, Placement.student_id != student.id)
        .order_by(Placement.id.desc()).limit(1))
    if giving_way is None:
        raise RoundError(f"Every place of this slot is taken ({slot.capacity}), in this or another round.",
                         "slot_id")
    record_event(session, actor, "placement.dropped", giving_way, consortium_id=match_round.consortium_id,
                 round_id=match_round.id, reason="a pin took the place", slot_id=slot.id)
    session.delete(giving_way)
    session.flush()


def _pair(student: StudentProfile, slot: Slot) -> Pair:
    return Pair(engine_io.student_key(student.id), engine_io.slot_key(slot.id))


def unpin(session: Session, actor: User, round_id: int, placement_id) -> None:
    """Lift a pin: the placement stays until the next solve, which may move the student."""
    match_round = _locked_adjustable(session, round_id, (RoundState.SOLVED,))
    try:
        placement = find_by_key(session, Placement, placement_id)
        if placement is None or placement.round_id != round_id or not placement.pinned:
            raise RoundError("There is no such pin in this round.")
        placement.pinned = False
        record_event(session, actor, "round.unpinned", match_round, student_id=placement.student_id,
                     slot_id=placement.slot_id)
        session.commit()
    except Exception:
        session.rollback()
        raise


def exclude_pair(session: Session, actor: User, round_id: int, student_id, slot_id,
                 reason: str | None = None) -> RoundExclusion:
    """Rule out a student–slot pair for the round's next solves; a pin on the pair is lifted."""
    match_round = _locked_adjustable(session, round_id)
    try:
        student, slot = _participants(session, match_round, student_id, slot_id)
        if session.get(RoundExclusion, (round_id, student.id, slot.id)) is not None:
            raise RoundError("This pair is already excluded.", "slot_id")
        exclusion = RoundExclusion(round_id=round_id, student_id=student.id, slot_id=slot.id,
                                   reason=(reason or "").strip()[:500] or None,
                                   created_by_id=actor.id if actor else None)
        session.add(exclusion)
        session.execute(sa.update(Placement).where(
            Placement.round_id == round_id, Placement.student_id == student.id, Placement.slot_id == slot.id,
            Placement.status == PlacementStatus.PROPOSED).values(pinned=False))
        record_event(session, actor, "round.excluded", match_round, student_id=student.id, slot_id=slot.id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return exclusion


def include_pair(session: Session, actor: User, round_id: int, student_id, slot_id) -> None:
    """Lift an exclusion."""
    match_round = _locked_adjustable(session, round_id)
    try:
        exclusion = session.get(RoundExclusion, (round_id, _int(student_id), _int(slot_id)))
        if exclusion is None:
            raise RoundError("There is no such exclusion in this round.")
        session.delete(exclusion)
        record_event(session, actor, "round.exclusion_lifted", match_round, student_id=exclusion.student_id,
                     slot_id=exclusion.slot_id)
        session.commit()
    except Exception:
        session.rollback()
        raise


def student_exclusions(session: Session, round_id: int, student_id: int) -> list[tuple[RoundExclusion, Slot]]:
    """The student's excluded slots in the round, with the slots."""
    return [tuple(row) for row in session.execute(
        sa.select(RoundExclusion, Slot).join(Slot, Slot.id == RoundExclusion.slot_id)
        .where(RoundExclusion.round_id == round_id, RoundExclusion.student_id == student_id)
        .order_by(Slot.title))]
