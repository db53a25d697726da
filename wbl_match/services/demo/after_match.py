"""``flask demo-after-match``: accepted placements to take through readiness, hours, evaluations and the
state report, added to the demo consortium.

A published round, "Autumn internships (after the match)", with a new slot at the demo employer and at
eleven other employers (each copied from the employer's first slot: its sector, site and pathway; a fixed
schedule of Monday and Wednesday 15:30–17:30), and 23 students who accepted: the demo login student at the
demo employer, two others at each other slot. Its term runs from a Monday three weeks before ``today`` to eight
weeks after, so hours can be logged for the past weeks whatever the day. Nothing is started: that is the
coordinator's to do. The slots are closed to new offers.
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    Consortium, Employer, MatchRound, Placement, PlacementStatus, RoundState, Slot, SlotShift, SlotStatus,
    StudentProfile, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused
from wbl_match.localisation import local_today

AFTER_ROUND = "Autumn internships (after the match)"
OTHER_EMPLOYERS = 11
STUDENTS_PER_SLOT = 2
#: Monday and Wednesday, 15:30–17:30.
SHIFTS = ((0, 15 * 60 + 30, 17 * 60 + 30), (2, 15 * 60 + 30, 17 * 60 + 30))


def add_after_match_demo(session: Session, today: date | None = None) -> MatchRound:
    """Add the after-the-match round to the demo consortium (``Refused`` without the demo, or when it is there)."""
    from wbl_match.services.demo import DEMO_SLUG

    consortium = session.scalar(sa.select(Consortium).where(Consortium.slug == DEMO_SLUG))
    if consortium is None:
        raise Refused("There is no demo consortium: run `flask seed-demo` first.")
    if session.scalar(sa.select(MatchRound.id).where(MatchRound.consortium_id == consortium.id,
                                                     MatchRound.name == AFTER_ROUND)):
        raise Refused(f"The demo already has the round '{AFTER_ROUND}'.")
    today = today or local_today()
    start = today - timedelta(days=21)
    start -= timedelta(days=start.weekday())
    end = today + timedelta(days=56)
    users = {u.email: u for u in session.scalars(sa.select(User).where(User.consortium_id == consortium.id))}
    demo_employer = users["employer@south-valley.example.org"].employer
    demo_student = session.scalar(sa.select(StudentProfile).where(
        StudentProfile.user_id == users["student@south-valley.example.org"].id))
    employers = [demo_employer] + [e for e in session.scalars(
        sa.select(Employer).where(Employer.consortium_id == consortium.id, Employer.id != demo_employer.id)
        .order_by(Employer.id)) if e.slots][:OTHER_EMPLOYERS]
    slots = [_slot(session, employer, start, end) for employer in employers]
    others = list(session.scalars(sa.select(StudentProfile).where(
        StudentProfile.consortium_id == consortium.id, StudentProfile.id != demo_student.id,
        StudentProfile.withdrawn_at.is_(None)).order_by(StudentProfile.id).limit(STUDENTS_PER_SLOT * len(slots))))
    pairs = [(demo_student, slots[0])] + [(student, slots[1 + i // STUDENTS_PER_SLOT]) for i, student in
                                          enumerate(others[:STUDENTS_PER_SLOT * (len(slots) - 1)])]
    schools = {student.school_id: student.school for student, _ in pairs}
    match_round = MatchRound(consortium_id=consortium.id, name=AFTER_ROUND, term_start=start, term_end=end,
                             state=RoundState.PUBLISHED, schools=list(schools.values()), slots=slots)
    session.add(match_round)
    session.flush()
    now = utcnow()
    session.add_all([Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                               status=PlacementStatus.ACCEPTED, offered_at=now, responded_at=now)
                     for student, slot in pairs])
    record_event(session, None, "demo.after_match_added", match_round, placements=len(pairs))
    session.commit()
    return match_round


def _slot(session: Session, employer: Employer, start: date, end: date) -> Slot:
    model = sorted(employer.slots, key=lambda s: s.id)[0]
    slot = Slot(consortium_id=employer.consortium_id, employer_id=employer.id, title=f"Autumn intern: {model.title}",
                description=model.description, sector_code=model.sector_code, pathway_code=model.pathway_code,
                site_address=model.site_address, site_city=model.site_city, site_zip=model.site_zip,
                site_lat=model.site_lat, site_lon=model.site_lon, is_remote=model.is_remote, term_start=start,
                term_end=end, capacity=STUDENTS_PER_SLOT, is_paid=model.is_paid,
                hourly_wage_cents=model.hourly_wage_cents, what_to_bring=model.what_to_bring,
                status=SlotStatus.CLOSED, safety_attested_at=model.safety_attested_at or utcnow())
    slot.shifts = [SlotShift(day=d, start_minute=s, end_minute=e) for d, s, e in SHIFTS]
    session.add(slot)
    session.flush()
    return slot


__all__ = ["AFTER_ROUND", "add_after_match_demo"]
