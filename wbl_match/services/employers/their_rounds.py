"""What an employer sees of a round: the students placed in their slots (only what they need), their
confirmation or concern, and their ranking of applicants where the round asks employers to rank."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, AuditEvent, Employer, EmployerRanking, MatchRound, Placement,
    Preference, Role, RoundState, Slot, StudentProfile, User, round_slots,
)
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.visibility import is_shown, shown_to_participants
from wbl_match.services.errors import Collector, FieldErrors, Refused, rolls_back_refusals
from wbl_match.services.outbox import templates
from wbl_match.services.outbox.messages import queue_text

CONFIRMED, CONCERN = "placement.employer_confirmed", "placement.employer_concern"
#: Rounds in which employers may still rank applicants.
RANKING_STATES = (RoundState.OPEN, RoundState.CLOSED)


@dataclass(frozen=True)
class PlacedStudent:
    """A placed student as the employer sees them: first name, school, pathway; nothing more."""

    placement: Placement
    first_name: str
    school: str
    pathway_code: str | None
    #: ``confirmed``, ``concern`` or None.
    feedback: str | None

    @property
    def can_confirm(self) -> bool:
        """A placement is confirmed once; after a concern the employer may still confirm it."""
        return self.feedback != "confirmed"


def employer_rounds(session: Session, employer: Employer) -> list[MatchRound]:
    """Rounds that hold one of the employer's slots, newest first (drafts are not shown)."""
    slot_ids = sa.select(Slot.id).where(Slot.employer_id == employer.id)
    in_round = sa.select(round_slots.c.round_id).where(round_slots.c.slot_id.in_(slot_ids))
    placed = sa.select(Placement.round_id).where(Placement.slot_id.in_(slot_ids))
    return list(session.scalars(sa.select(MatchRound).where(
        MatchRound.consortium_id == employer.consortium_id, MatchRound.state != RoundState.DRAFT,
        sa.or_(MatchRound.id.in_(in_round), MatchRound.id.in_(placed))).order_by(MatchRound.created_at.desc())))


def _feedback(session: Session, placement_ids: list[int]) -> dict[int, str]:
    rows = session.execute(sa.select(AuditEvent.entity_id, AuditEvent.action).where(
        AuditEvent.entity_type == "placements", AuditEvent.entity_id.in_(placement_ids),
        AuditEvent.action.in_((CONFIRMED, CONCERN))).order_by(AuditEvent.id)).all()
    return {entity_id: ("confirmed" if action == CONFIRMED else "concern") for entity_id, action in rows}


def placed_students(session: Session, employer: Employer, match_round: MatchRound) -> list[PlacedStudent]:
    """The students a round offered the employer's slots (``visibility``), whatever the round does next."""
    placements = session.scalars(
        sa.select(Placement).join(Slot, Slot.id == Placement.slot_id)
        .where(Placement.round_id == match_round.id, Slot.employer_id == employer.id, shown_to_participants(),
               Placement.status.in_((*ACTIVE_PLACEMENT_STATUSES,)))
        .options(selectinload(Placement.student).selectinload(StudentProfile.school),
                 selectinload(Placement.slot).selectinload(Slot.shifts))
        .order_by(Slot.title, Placement.id)).all()
    feedback = _feedback(session, [p.id for p in placements])
    return [PlacedStudent(p, p.student.first_name, p.student.school.name, p.student.pathway_code,
                          feedback.get(p.id)) for p in placements]


def _check_own(employer: Employer, placement: Placement) -> None:
    if placement.slot.employer_id != employer.id or not is_shown(placement):
        raise Refused("This placement is not one of yours.")


def confirm_placement(session: Session, actor: User, placement: Placement) -> None:
    """The employer confirms they expect the placed student (once)."""
    _check_own(actor.employer, placement)
    if _feedback(session, [placement.id]).get(placement.id) == "confirmed":
        raise Refused("You have confirmed this placement already.")
    record_event(session, actor, CONFIRMED, placement, consortium_id=actor.consortium_id)
    session.commit()


def raise_concern(session: Session, actor: User, placement: Placement, message: str) -> None:
    """The employer raises a concern; the consortium's coordinators get it by e-mail (the audit keeps no text)."""
    _check_own(actor.employer, placement)
    text = (message or "").strip()
    if not text:
        raise FieldErrors.single("message", "Say what worries you, so the coordinator can help.")
    if len(text) > 2000:
        raise FieldErrors.single("message", "Keep it under 2,000 characters.")
    coordinators = session.scalars(sa.select(User.email).where(
        User.consortium_id == actor.consortium_id, User.role == Role.INTERMEDIARY, User.is_active.is_(True)))
    for address in coordinators:
        queue_text(session, actor.consortium_id, address, templates.concern(
            actor.name, actor.email, actor.employer.name, placement.id, placement.slot.title, placement.round.name,
            placement.round_id, text))
    record_event(session, actor, CONCERN, placement, consortium_id=actor.consortium_id)
    session.commit()


@dataclass(frozen=True)
class Applicant:
    student_id: int
    first_name: str
    school: str
    pathway_code: str | None
    rank: int | None


def applicants(session: Session, match_round: MatchRound, slot: Slot) -> list[Applicant]:
    """Students who ranked the slot in the round, with the employer's current rank of each."""
    ranks = dict(session.execute(sa.select(EmployerRanking.student_id, EmployerRanking.rank).where(
        EmployerRanking.round_id == match_round.id, EmployerRanking.slot_id == slot.id)).all())
    students = session.scalars(
        sa.select(StudentProfile).join(Preference, Preference.student_id == StudentProfile.id)
        .where(Preference.round_id == match_round.id, Preference.slot_id == slot.id)
        .options(selectinload(StudentProfile.school)).order_by(StudentProfile.first_name, StudentProfile.id)).all()
    return [Applicant(s.id, s.first_name, s.school.name, s.pathway_code, ranks.get(s.id)) for s in students]


@rolls_back_refusals
def save_employer_ranking(session: Session, actor: User, match_round: MatchRound, slot: Slot,
                          ranks: dict[int, int]) -> None:
    """Replace the employer's ranking of the slot's applicants (student id → rank; rank 1 = first choice)."""
    if not match_round.employers_rank or match_round.state not in RANKING_STATES:
        raise Refused("This round does not ask employers to rank applicants now.")
    if slot.employer_id != actor.employer_id:
        raise Refused("This slot is not one of yours.")
    allowed = {a.student_id for a in applicants(session, match_round, slot)}
    errors = Collector()
    seen: dict[int, int] = {}
    for student_id, rank in ranks.items():
        if student_id not in allowed:
            errors.add(f"rank-{student_id}", "This student did not apply to this slot.")
        if rank < 1 or rank > len(allowed):
            errors.add(f"rank-{student_id}", f"Choose a rank from 1 to {len(allowed)}.")
        if rank in seen:
            errors.add(f"rank-{student_id}", f"Rank {rank} is given twice.")
            errors.add(f"rank-{seen[rank]}", f"Rank {rank} is given twice.")
        seen[rank] = student_id
    errors.raise_if_any()
    session.execute(sa.delete(EmployerRanking).where(EmployerRanking.round_id == match_round.id,
                                                     EmployerRanking.slot_id == slot.id))
    ordered = [sid for sid, _ in sorted(ranks.items(), key=lambda item: item[1])]
    session.add_all(EmployerRanking(round_id=match_round.id, slot_id=slot.id, student_id=sid, rank=rank)
                    for rank, sid in enumerate(ordered, start=1))
    record_event(session, actor, "employer_ranking.saved", slot, round_id=match_round.id, students=ordered)
    session.commit()
