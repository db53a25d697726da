"""Posting, editing, duplicating, opening, closing and deleting slots."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from wbl_match.domain.places import LATITUDE_MESSAGE, LONGITUDE_MESSAGE
from wbl_match.models import (
    AuditEvent, MatchRound, Placement, PlacementStatus, Role, RoundState, Slot, SlotStatus, StudentProfile,
)
from wbl_match.services.employers import slots
from wbl_match.services.errors import FieldErrors, Refused


def valid(**changes) -> slots.SlotInput:
    data = slots.SlotInput(title="Vet clinic assistant", sector_code="agriculture-natural-resources",
                           pathway_code="animal-science", capacity=2, schedule=[(0, 900, 1020), (2, 900, 1020)],
                           site_zip="93291", term_start=date(2027, 6, 14), term_end=date(2027, 7, 30),
                           safety_attested=True)
    for name, value in changes.items():
        setattr(data, name, value)
    return data


@pytest.fixture
def employer_user(make_user):
    return make_user(Role.EMPLOYER)


def errors_of(call) -> dict:
    with pytest.raises(FieldErrors) as caught:
        call()
    return caught.value.errors


def test_posting_a_slot_saves_a_draft_located_by_its_zip_with_its_schedule(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    assert slot.status is SlotStatus.DRAFT
    assert (round(slot.site_lat, 2), round(slot.site_lon, 2)) == (36.36, -119.30)
    assert slot.site_city == "Visalia"
    assert [(s.day, s.start_minute, s.end_minute) for s in slot.shifts] == [(0, 900, 1020), (2, 900, 1020)]
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity_id == slot.id)) == "slot.created"


def test_typed_coordinates_win_over_the_zip(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer,
                           valid(site_zip="", site_lat=36.1, site_lon=-119.1))
    assert (slot.site_lat, slot.site_lon) == (36.1, -119.1)


@pytest.mark.parametrize("zip_code", ["10001", "00000", "abcde"])
def test_a_zip_outside_california_is_refused_even_beside_typed_coordinates(session, employer_user, zip_code):
    errors = errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                               valid(site_zip=zip_code, site_lat=40.75, site_lon=-73.99)))
    assert list(errors) == ["site_zip"]
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 0


def test_typed_coordinates_beside_a_california_zip_are_kept(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer,
                           valid(site_zip="93291", site_lat=36.3312, site_lon=-119.2921))
    assert (slot.site_zip, slot.site_lat, slot.site_lon) == ("93291", 36.3312, -119.2921)


@pytest.mark.parametrize("zip_code, message", [
    ("9329", "5-digit"), ("abcde", "5-digit"), ("00000", "not a California ZIP"), ("90085", "not a California ZIP"),
    ("10001", "not a California ZIP"), ("", "5-digit")])
def test_a_malformed_unknown_or_zero_zip_is_an_error_on_the_zip_field(session, employer_user, zip_code, message):
    errors = errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                               valid(site_zip=zip_code)))
    assert message in errors["site_zip"][0]
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 0


def test_a_remote_slot_needs_no_site(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid(site_zip="", is_remote=True))
    assert slot.site_lat is None and slot.is_remote


def test_a_pathway_of_another_sector_is_refused(session, employer_user):
    errors = errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                               valid(pathway_code="networking")))
    assert "another sector" in errors["pathway_code"][0]


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(session, employer_user):
    errors = errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer, valid(
        title=" ", sector_code="nope", capacity=0, schedule=[], term_end=date(2027, 1, 1), site_zip="1")))
    assert set(errors) == {"title", "sector_code", "capacity", "schedule", "term_end", "site_zip"}
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 0


def test_half_coordinates_or_out_of_range_coordinates_are_refused(session, employer_user):
    assert "both" in errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                                        valid(site_lat=36.1)))["site_lat"][0]
    assert errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                              valid(site_lat=95.0, site_lon=0.0)))["site_lat"] == [LATITUDE_MESSAGE]
    assert errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                              valid(site_lat=36.0, site_lon=-190.0)))["site_lon"] == [LONGITUDE_MESSAGE]


def test_an_employer_cannot_open_a_slot_without_a_safety_attestation(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid(safety_attested=False))
    with pytest.raises(Refused):
        slots.open_slot(session, employer_user, slot)
    assert slot.status is SlotStatus.DRAFT


def test_an_attested_slot_opens_and_closes_with_audit_events(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    slots.open_slot(session, employer_user, slot)
    assert slot.status is SlotStatus.OPEN and slot.safety_attested_by_id == employer_user.id
    slots.close_slot(session, employer_user, slot)
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_id == slot.id)
                              .order_by(AuditEvent.id)).all()
    assert actions == ["slot.created", "slot.opened", "slot.closed"]


def test_an_open_slot_cannot_withdraw_its_attestation(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    slots.open_slot(session, employer_user, slot)
    errors = errors_of(lambda: slots.update_slot(session, employer_user, slot, valid(safety_attested=False)))
    assert "safety_attested" in errors


def test_editing_a_slot_replaces_its_schedule(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    slots.update_slot(session, employer_user, slot, valid(schedule=[(5, 480, 720)], title="Saturday helper"))
    session.expire_all()
    slot = session.get(Slot, slot.id)
    assert slot.title == "Saturday helper"
    assert [(s.day, s.start_minute, s.end_minute) for s in slot.shifts] == [(5, 480, 720)]


def test_overlapping_schedule_times_are_merged(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer,
                           valid(schedule=[(0, 900, 960), (0, 960, 1020), (0, 930, 990)]))
    assert [(s.day, s.start_minute, s.end_minute) for s in slot.shifts] == [(0, 900, 1020)]


def test_a_schedule_time_outside_the_day_is_refused(session, employer_user):
    assert "schedule" in errors_of(lambda: slots.post_slot(session, employer_user, employer_user.employer,
                                                            valid(schedule=[(7, 900, 960)])))


def _place(session, slot, make_student, state, status=PlacementStatus.ACCEPTED):
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Summer", state=state)
    session.add(match_round)
    session.flush()
    student = make_student()
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id, status=status))
    session.commit()
    return match_round


def test_a_slot_in_a_published_round_cannot_lose_capacity_below_its_placed_students(
        session, employer_user, make_student):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid(capacity=3))
    _place(session, slot, make_student, RoundState.PUBLISHED)
    _place(session, slot, make_student, RoundState.PUBLISHED, PlacementStatus.OFFERED)
    errors = errors_of(lambda: slots.update_slot(session, employer_user, slot, valid(capacity=1)))
    assert "2 students already hold an offer or a place in this slot" in errors["capacity"][0]
    session.rollback()
    assert session.get(Slot, slot.id).capacity == 3
    slots.update_slot(session, employer_user, slot, valid(capacity=2))
    assert slot.capacity == 2


def test_declined_placements_and_unpublished_rounds_do_not_hold_capacity(session, employer_user, make_student):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid(capacity=3))
    _place(session, slot, make_student, RoundState.PUBLISHED, PlacementStatus.DECLINED)
    _place(session, slot, make_student, RoundState.SOLVED)
    slots.update_slot(session, employer_user, slot, valid(capacity=1))
    assert slot.capacity == 1


def test_duplicating_makes_an_unattested_draft_copy_with_the_same_schedule(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    slots.open_slot(session, employer_user, slot)
    copy = slots.duplicate_slot(session, employer_user, slot)
    assert copy.id != slot.id and copy.status is SlotStatus.DRAFT and copy.safety_attested_at is None
    assert copy.title == "Vet clinic assistant (copy)"
    assert [(s.day, s.start_minute) for s in copy.shifts] == [(s.day, s.start_minute) for s in slot.shifts]


def test_a_slot_unused_by_any_round_can_be_deleted(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    slots.delete_slot(session, employer_user, slot)
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 0
    assert session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc())) == "slot.deleted"


def test_a_slot_in_a_round_cannot_be_deleted_only_closed(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid())
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Summer", slots=[slot])
    session.add(match_round)
    session.commit()
    with pytest.raises(Refused):
        slots.delete_slot(session, employer_user, slot)


def test_the_unpaid_wage_is_dropped(session, employer_user):
    slot = slots.post_slot(session, employer_user, employer_user.employer, valid(is_paid=False, hourly_wage_cents=1800))
    assert slot.hourly_wage_cents is None
    assert StudentProfile  # imported for the placement helper
