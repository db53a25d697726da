"""The readiness checklist after acceptance, guardian consent by one-time link, and the after-acceptance states."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AfterState, AuditEvent, OutboxMessage, PlacementLink, PlacementStatus, ReadinessKind, Role,
)
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.placements import checklist, lifecycle
from wbl_match.services.placements.consent import open_consent, send_consent_link, sign_consent
from wbl_match.services.placements.finding import not_ready_by_school
from wbl_match.services.placements.links import hash_token
from wbl_match.services.placements.lifecycle import progress_of
from tests.after_support import employer_user, make_accepted, make_ready, today  # noqa: F401
from tests.mail_support import delivered_text


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


def _kinds(progress):
    return [i.kind for i in progress.items]


def test_a_minors_checklist_has_every_built_in_kind_and_an_adults_leaves_out_consent_and_permit(
        session, make_accepted):
    minor = progress_of(session, make_accepted())
    adult = progress_of(session, make_accepted(date_of_birth=today() - timedelta(days=19 * 366)))
    assert _kinds(minor) == list(ReadinessKind)
    assert _kinds(adult) == [ReadinessKind.PLACEMENT_AGREEMENT, ReadinessKind.INSURANCE_CERTIFICATE,
                             ReadinessKind.SAFETY_ORIENTATION]


def test_a_student_without_a_birth_date_counts_as_a_minor(session, make_accepted):
    assert ReadinessKind.WORK_PERMIT in _kinds(progress_of(session, make_accepted(date_of_birth=None)))


def test_only_an_accepted_placement_of_a_published_round_has_a_checklist(session, make_accepted):
    placement = make_accepted()
    placement.status = PlacementStatus.OFFERED
    session.commit()
    with pytest.raises(Refused):
        progress_of(session, placement)


def test_the_consortium_chooses_what_is_asked_and_required(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    chosen = [checklist.Requirement(r.kind, r.kind is not ReadinessKind.SAFETY_ORIENTATION,
                                    r.kind is not ReadinessKind.INSURANCE_CERTIFICATE, r.minors_only)
              for r in checklist.requirements(session, coordinator.consortium_id)]
    checklist.save_requirements(session, coordinator, chosen)
    assert ReadinessKind.SAFETY_ORIENTATION not in _kinds(progress)
    insurance = checklist.item(progress, ReadinessKind.INSURANCE_CERTIFICATE)
    assert insurance.required is False
    assert not any(m.startswith("Employer's insurance") for m in checklist.missing_items(progress))


def test_a_placement_cannot_start_until_its_required_items_are_done(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    with pytest.raises(Refused, match="Still missing: Guardian consent: the guardian has not signed"):
        lifecycle.start_placement(session, coordinator, progress)
    assert progress.state is AfterState.PREPARING


def test_a_placement_is_ready_once_every_item_is_done_and_then_starts(session, make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    assert checklist.missing_items(progress) == []
    assert progress.state is AfterState.READY
    lifecycle.start_placement(session, coordinator, progress)
    assert progress.state is AfterState.STARTED and progress.started_at is not None
    assert [e.kind.value for e in progress.evaluations] == ["midpoint", "final"]
    assert lifecycle.check_invariants(progress) == []


def test_a_permit_that_does_not_cover_the_schedule_says_what_is_missing(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted(shifts=((0, 15 * 60, 19 * 60), (2, 15 * 60, 19 * 60))))
    session.commit()
    left = checklist.record_work_permit(session, coordinator, progress, statement_of_intent=True, number="WP-7",
                                        max_daily_hours="3", max_weekly_hours="6",
                                        expires_on=(today() + timedelta(days=30)).isoformat())
    assert "the permit allows 3 hours a day; the Monday shift is 4 hours" in left
    assert "the permit allows 6 hours a week; the schedule is 8 hours" in left
    assert any("expires on" in gap and "before the placement ends" in gap for gap in left)
    assert checklist.item(progress, ReadinessKind.WORK_PERMIT).done_at is None


def test_a_permit_needs_the_statement_of_intent_and_its_hours(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    with pytest.raises(FieldErrors) as problem:
        checklist.record_work_permit(session, coordinator, progress, statement_of_intent=False, number="WP-2",
                                     max_daily_hours="", max_weekly_hours="x", expires_on="30/06/2027")
    assert set(problem.value.errors) == {"max_daily_hours", "max_weekly_hours", "expires_on"}
    left = checklist.record_work_permit(session, coordinator, progress, statement_of_intent=False, number=None,
                                        max_daily_hours=None, max_weekly_hours=None, expires_on=None)
    assert left == ["the Statement of Intent has not been received", "the permit has not been recorded"]


def test_an_insurance_certificate_that_expires_before_the_end_is_not_done(session, make_accepted):
    placement = make_accepted()
    progress = progress_of(session, placement)
    session.commit()
    left = checklist.record_insurance(session, employer_user(placement), progress, insurer="Valley Mutual",
                                      expires_on=(today() + timedelta(days=10)).isoformat())
    assert len(left) == 1 and "before the placement ends" in left[0]


def test_the_agreement_is_accepted_by_the_employer_or_recorded_for_it_by_the_coordinator(
        session, make_accepted, coordinator, make_user):
    placement = make_accepted()
    progress = progress_of(session, placement)
    session.commit()
    with pytest.raises(Refused):
        checklist.accept_agreement(session, make_user(Role.EMPLOYER), progress, "Another employer")
    with pytest.raises(Refused, match="full name"):
        checklist.accept_agreement(session, employer_user(placement), progress, " ")
    checklist.accept_agreement(session, employer_user(placement), progress, "Sam Supervisor")
    details = checklist.item(progress, ReadinessKind.PLACEMENT_AGREEMENT).details
    assert details["signed_name"] == "Sam Supervisor" and details["recorded_by"] == "employer"
    other = progress_of(session, make_accepted())
    session.commit()
    checklist.accept_agreement(session, coordinator, other, "Lee Owner (signed on paper)")
    assert checklist.item(other, ReadinessKind.PLACEMENT_AGREEMENT).details["recorded_by"] == "coordinator"


def test_a_safety_orientation_cannot_be_in_the_future(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    with pytest.raises(FieldErrors):
        checklist.record_orientation(session, coordinator, progress, (today() + timedelta(days=2)).isoformat())


def test_the_guardian_link_is_e_mailed_stored_as_its_hash_and_works_once(session, make_accepted, coordinator):
    placement = make_accepted()
    progress = progress_of(session, placement)
    session.commit()
    tokens = []
    send_consent_link(session, coordinator, progress, "Guardian@Example.org ", lambda t: tokens.append(t) or f"/c/{t}")
    link = session.scalar(sa.select(PlacementLink))
    assert link.token_hash == hash_token(tokens[0]) and tokens[0] not in link.token_hash
    message = session.scalar(sa.select(OutboxMessage))
    assert message.to_address == "guardian@example.org" and f"/c/{tokens[0]}" in delivered_text(message.id)
    assert tokens[0] not in message.body
    _, seen = open_consent(session, tokens[0])
    assert seen.student_first_name == placement.student.first_name and seen.employer == placement.slot.employer.name
    sign_consent(session, tokens[0], name="Pat Example", relationship="parent", signed_on=today().isoformat(),
                 from_address="203.0.113.9", agent="Firefox")
    signed = checklist.item(progress, ReadinessKind.GUARDIAN_CONSENT)
    assert signed.done_at is not None
    assert signed.details["from_address"] == "203.0.113.9" and signed.details["relationship"] == "parent"
    with pytest.raises(Refused, match="used already or has expired"):
        open_consent(session, tokens[0])
    assert session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "consent.signed")) is not None


def test_a_consent_needs_a_name_a_relationship_and_todays_date(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    tokens = []
    send_consent_link(session, coordinator, progress, "guardian@example.org", lambda t: tokens.append(t) or t)
    with pytest.raises(FieldErrors) as problem:
        sign_consent(session, tokens[0], name=" ", relationship="friend",
                     signed_on=(today() - timedelta(days=5)).isoformat(), from_address=None, agent=None)
    assert set(problem.value.errors) == {"name", "relationship", "signed_on"}
    assert checklist.item(progress, ReadinessKind.GUARDIAN_CONSENT).done_at is None


def test_an_expired_or_unknown_consent_link_is_refused(session, make_accepted, coordinator):
    progress = progress_of(session, make_accepted())
    session.commit()
    tokens = []
    send_consent_link(session, coordinator, progress, "guardian@example.org", lambda t: tokens.append(t) or t)
    link = session.scalar(sa.select(PlacementLink))
    link.expires_at = link.created_at - timedelta(days=1)
    session.commit()
    for token in (tokens[0], "not-a-token"):
        with pytest.raises(Refused):
            open_consent(session, token)


def test_the_not_ready_list_is_by_school_and_start_date_and_says_what_is_missing(session, make_accepted,
                                                                                    coordinator):
    first, second = make_accepted(), make_accepted()
    ready = make_accepted()
    make_ready(session, coordinator, ready)
    progress_of(session, second).start_on = today() - timedelta(days=30)
    session.commit()
    groups = not_ready_by_school(session, coordinator.consortium_id)
    listed = [row.progress.placement_id for _, rows in groups for row in rows]
    assert ready.id not in listed and set(listed) == {first.id, second.id}
    assert all(row.missing for _, rows in groups for row in rows)
    assert [school for school, _ in groups] == sorted(school for school, _ in groups)


def test_the_after_acceptance_moves_follow_the_table(session, make_accepted, coordinator):
    progress = make_ready(session, coordinator, make_accepted())
    with pytest.raises(Refused):
        lifecycle.complete_placement(session, coordinator, progress)
    lifecycle.start_placement(session, coordinator, progress)
    with pytest.raises(Refused, match="Say why"):
        lifecycle.end_early(session, coordinator, progress, "  ")
    lifecycle.end_early(session, coordinator, progress, "The student moved away.")
    assert progress.state is AfterState.ENDED_EARLY and progress.ended_on == today()
    with pytest.raises(Refused):
        lifecycle.complete_placement(session, coordinator, progress)
    assert [p.id for p in lifecycle.slot_history(session, progress.placement.slot)] == [progress.id]


def test_every_state_has_a_row_in_the_table_and_final_states_have_no_moves():
    assert set(lifecycle.AFTER_TRANSITIONS) == set(AfterState)
    assert all(not lifecycle.AFTER_TRANSITIONS[s] for s in lifecycle.FINAL_STATES)
