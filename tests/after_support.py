"""Fixtures for the after-the-match tests: an accepted placement of a published round, and its record.

Dates are relative to today, so the placement has started weeks ago and ends in two months whatever the day.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, Role, RoundState, User,
)
from wbl_match.models.base import utcnow
from wbl_match.passwords import get_passwords
from wbl_match.services.placements import checklist
from wbl_match.services.placements.lifecycle import progress_of
from wbl_match.localisation import local_today
from tests.conftest import TEST_PASSWORD


def today() -> date:
    return local_today()


def term_start() -> date:
    """A Monday three weeks ago."""
    day = today() - timedelta(days=21)
    return day - timedelta(days=day.weekday())


@pytest.fixture
def make_accepted(app, session, consortium, make_slot, make_student, make_user):
    """``make_accepted(**student_fields)``: an accepted placement of a published round, with a student and an
    employer who both sign in (``placement.student.user``, ``placement.slot.employer.users[0]``)."""

    def make(shifts=((0, 15 * 60, 17 * 60), (2, 15 * 60, 17 * 60)), slot_fields=None, **student_fields) -> Placement:
        slot = make_slot(shifts=shifts, term_start=term_start(), term_end=today() + timedelta(days=60),
                         site_address="120 Main St", site_city="Visalia", **(slot_fields or {}))
        student_user = make_user(Role.STUDENT)
        student = make_student(user_id=student_user.id, **student_fields)
        make_user(Role.EMPLOYER, employer_id=slot.employer_id)
        match_round = MatchRound(consortium_id=consortium.id, name="Autumn internships", state=RoundState.PUBLISHED,
                                 schools=[student.school], slots=[slot])
        session.add(match_round)
        session.flush()
        placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                              status=PlacementStatus.ACCEPTED, offered_at=utcnow(), responded_at=utcnow())
        session.add(placement)
        session.commit()
        return placement

    return make


def employer_user(placement) -> User:
    return placement.slot.employer.users[0]


def student_user(placement) -> User:
    return placement.student.user


def make_ready(session, coordinator, placement, guardian_signs=True):
    """Tick every item of the placement's checklist (the guardian signs through a link)."""
    from wbl_match.services.placements.consent import send_consent_link, sign_consent

    progress = progress_of(session, placement)
    session.commit()
    employer = employer_user(placement)
    kinds = {i.kind.value for i in progress.items}
    if "work_permit" in kinds:
        checklist.record_work_permit(session, coordinator, progress, statement_of_intent=True, number="WP-1",
                                     max_daily_hours="4", max_weekly_hours="20",
                                     expires_on=(today() + timedelta(days=365)).isoformat())
    checklist.record_insurance(session, employer, progress, insurer="Valley Mutual",
                               expires_on=(today() + timedelta(days=365)).isoformat())
    checklist.accept_agreement(session, employer, progress, "Sam Supervisor")
    checklist.record_orientation(session, employer, progress, today().isoformat())
    if guardian_signs and "guardian_consent" in kinds:
        links = []
        send_consent_link(session, coordinator, progress, "guardian@example.org", lambda t: links.append(t) or t)
        sign_consent(session, links[0], name="Pat Example", relationship="parent", signed_on=today().isoformat(),
                     from_address="127.0.0.1", agent="test")
    return progress


__all__ = ["make_accepted", "make_ready", "employer_user", "student_user", "today", "term_start", "TEST_PASSWORD",
           "get_passwords"]
