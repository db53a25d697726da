"""After-the-match pages of every role, the guardian's and supervisor's one-time links, and the state report."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    AfterState, Consortium, MatchRound, OutboxMessage, Placement, PlacementStatus, ReadinessKind, Role, RoundState,
    School, Slot, SlotShift, SlotStatus, StudentProfile, Employer,
)
from wbl_match.models.base import utcnow
from wbl_match.services.placements import checklist, lifecycle
from wbl_match.services.placements.hours import log_hours
from wbl_match.services.placements.lifecycle import progress_of
from tests.conftest import login
from tests.after_support import employer_user, make_accepted, make_ready, student_user, term_start, today  # noqa: F401
from tests.mail_support import delivered_text


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _link_token(session, prefix: str) -> str:
    latest = session.scalars(sa.select(OutboxMessage.id).order_by(OutboxMessage.id.desc())).first()
    return re.search(rf"{prefix}/([A-Za-z0-9_-]+)", delivered_text(latest)).group(1)


def test_the_coordinator_sees_the_not_ready_list_and_sends_the_consent_link(client, no_csrf, session,
                                                                              make_accepted, coordinator):
    placement = make_accepted()
    login(client, coordinator)
    page = _text(client.get("/intermediary/placements"))
    assert "Not ready" in page and placement.student.display_name in page
    assert "Guardian consent: the guardian has not signed" in page
    response = client.post(f"/intermediary/placements/{placement.id}/consent-link",
                           data={"guardian_email": "parent@example.org"}, follow_redirects=True)
    assert "The consent link is in the outbox for parent@example.org" in _text(response)
    assert session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_address == "parent@example.org"))


def test_starting_a_placement_that_is_not_ready_says_what_is_missing(client, no_csrf, make_accepted, coordinator):
    placement = make_accepted()
    login(client, coordinator)
    response = client.post(f"/intermediary/placements/{placement.id}/start", follow_redirects=True)
    assert "The placement cannot start yet. Still missing:" in _text(response)


def test_the_coordinator_records_a_permit_that_does_not_cover_the_schedule(client, no_csrf, make_accepted,
                                                                           coordinator):
    placement = make_accepted()
    login(client, coordinator)
    response = client.post(f"/intermediary/placements/{placement.id}/permit", follow_redirects=True, data={
        "statement_of_intent": "on", "number": "WP-9", "max_daily_hours": "1", "max_weekly_hours": "10",
        "expires_on": (today() + timedelta(days=300)).isoformat()})
    assert "does not yet allow this placement: the permit allows 1 hour a day; the Monday shift is 2 hours" \
        in _text(response)


def test_the_guardian_reads_only_the_essentials_signs_and_the_link_then_works_no_more(client, app, session,
                                                                                        make_accepted, coordinator):
    placement = make_accepted()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, coordinator)
    client.post(f"/intermediary/placements/{placement.id}/consent-link", data={"guardian_email": "p@example.org"})
    client.post("/logout")
    token = _link_token(session, "/consent")
    page = client.get(f"/consent/{token}")
    html = _text(page)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert placement.student.first_name in html and placement.slot.employer.name in html
    assert placement.student.last_name not in html and placement.student.external_id not in html
    bad = client.post(f"/consent/{token}", data={"name": "", "relationship": "parent",
                                                 "signed_on": today().isoformat()})
    assert bad.status_code == 422 and "Type your full name." in _text(bad)
    done = client.post(f"/consent/{token}", data={"name": "Pat Example", "relationship": "parent",
                                                  "signed_on": today().isoformat()},
                       environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert "Your consent" in _text(done)
    consent = checklist.item(progress_of(session, placement), ReadinessKind.GUARDIAN_CONSENT)
    session.refresh(consent)
    assert consent.done_at is not None and consent.details["from_address"] == "198.51.100.7"
    assert client.get(f"/consent/{token}").status_code == 410


def test_an_unknown_link_is_gone_with_a_kind_message(client):
    for path in ("/consent/nothing-here", "/hours-approval/nothing-here"):
        response = client.get(path)
        assert response.status_code == 410 and "used already or has expired" in _text(response)


def test_the_employer_sees_only_its_own_placements_and_first_names(client, no_csrf, make_accepted):
    mine, theirs = make_accepted(), make_accepted()
    login(client, employer_user(mine))
    page = _text(client.get("/employer/placements"))
    assert mine.student.first_name in page and theirs.student.first_name not in page
    assert mine.student.last_name not in _text(client.get(f"/employer/placements/{mine.id}/progress"))
    assert client.get(f"/employer/placements/{theirs.id}/progress").status_code == 404
    assert client.post(f"/employer/placements/{theirs.id}/agreement", data={"signed_name": "X Y"}).status_code == 404


def test_the_employer_accepts_the_agreement_and_approves_a_week(client, no_csrf, session, make_accepted,
                                                                coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    monday = term_start() + timedelta(days=7)
    log_hours(session, student_user(placement), progress, monday, "2")
    login(client, employer_user(placement))
    page = _text(client.get(f"/employer/placements/{placement.id}/progress"))
    assert "1 day to approve" in page
    response = client.post(f"/employer/placements/{placement.id}/hours/approve", data={"week": monday.isoformat()},
                           follow_redirects=True)
    assert "Approved: 1 day of hours." in _text(response)


def test_the_employer_submits_the_final_evaluation(client, no_csrf, session, make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    login(client, employer_user(placement))
    form = client.get(f"/employer/placements/{placement.id}/evaluation?kind=final")
    assert "Foundational Skills" in _text(form) and "Self-Management and Personal Responsibility" in _text(form)
    bad = client.post(f"/employer/placements/{placement.id}/evaluation?kind=final", data={"overall": "3"})
    assert "Say whether you would host a student again." in _text(bad)
    done = client.post(f"/employer/placements/{placement.id}/evaluation?kind=final", follow_redirects=True, data={
        "foundational": "4", "applied_workplace": "3", "self_management": "na", "overall": "4",
        "would_host_again": "yes"})
    assert "the final evaluation is saved" in _text(done)
    assert client.get(f"/employer/placements/{placement.id}/evaluation?kind=other").status_code == 404


def test_the_student_sees_their_own_checklist_logs_hours_and_reflects(client, no_csrf, session, make_accepted,
                                                                      coordinator):
    placement, other = make_accepted(), make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    login(client, student_user(placement))
    page = _text(client.get(f"/student/placements/{placement.id}/progress"))
    assert "Done:" in page and "Guardian consent" in page
    assert client.get(f"/student/placements/{other.id}/progress").status_code == 404
    logged = client.post(f"/student/placements/{placement.id}/hours", follow_redirects=True,
                         data={"work_date": (term_start() + timedelta(days=7)).isoformat(), "hours": "2:30"})
    assert "Your hours are saved." in _text(logged) and "2:30" in _text(logged)
    wrong = client.post(f"/student/placements/{placement.id}/hours", follow_redirects=True,
                        data={"work_date": today().isoformat(), "hours": "lots"})
    assert "Enter the hours worked" in _text(wrong)
    reflected = client.post(f"/student/placements/{placement.id}/reflection", follow_redirects=True,
                            data={"reflection": "I filed patient records and learned to triage calls."})
    assert "Your reflection is saved." in _text(reflected)


def test_a_supervisor_approves_a_week_by_link_without_signing_in(client, no_csrf, session, make_accepted,
                                                                 coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    monday = term_start() + timedelta(days=7)
    log_hours(session, student_user(placement), progress, monday, "2")
    login(client, coordinator)
    sent = client.post(f"/intermediary/placements/{placement.id}/hours-link", follow_redirects=True,
                       data={"week": monday.isoformat(), "email": "boss@example.org"})
    assert "The approval link is in the outbox" in _text(sent)
    client.post("/logout")
    token = _link_token(session, "/hours-approval")
    assert "Week of" in _text(client.get(f"/hours-approval/{token}")) or monday.strftime("%B") in \
        _text(client.get(f"/hours-approval/{token}"))
    done = client.post(f"/hours-approval/{token}", data={"name": "Sam Boss"})
    assert "You approved 1 day" in _text(done)
    assert client.post(f"/hours-approval/{token}", data={"name": "Sam Boss"}).status_code == 410


def test_the_coordinator_completes_or_ends_early_and_the_slot_keeps_the_history(client, no_csrf, session,
                                                                                make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    login(client, coordinator)
    empty = client.post(f"/intermediary/placements/{placement.id}/end-early", data={"reason": ""},
                        follow_redirects=True)
    assert "Say why the placement ended early." in _text(empty)
    client.post(f"/intermediary/placements/{placement.id}/end-early", data={"reason": "Family moved to Fresno."})
    session.refresh(progress)
    assert progress.state is AfterState.ENDED_EARLY
    history = _text(client.get(f"/intermediary/slots/{placement.slot_id}/history"))
    assert "Ended early" in history and "Family moved to Fresno." in history


def test_the_checklist_settings_page_saves_the_consortiums_choice(client, no_csrf, session, coordinator):
    login(client, coordinator)
    form = {f"{kind.value}-{part}": "on" for kind in ReadinessKind for part in ("asked", "required")}
    del form["safety_orientation-asked"]
    response = client.post("/intermediary/placements/checklist", data=form, follow_redirects=True)
    assert "The checklist is saved." in _text(response)
    chosen = {r.kind: r for r in checklist.requirements(session, coordinator.consortium_id)}
    assert chosen[ReadinessKind.SAFETY_ORIENTATION].asked is False
    assert chosen[ReadinessKind.WORK_PERMIT].minors_only is False


def test_the_wblr_page_names_each_bad_row_and_refuses_the_download(client, no_csrf, session, make_accepted,
                                                                   coordinator):
    placement = make_accepted(external_id="not-an-ssid")
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    log_hours(session, coordinator, progress, term_start() + timedelta(days=7), "2")
    lifecycle.complete_placement(session, coordinator, progress)
    login(client, coordinator)
    page = _text(client.get("/intermediary/reports/wblr"))
    assert "Row 1 (" + placement.student.display_name in page and "SSID must be 10 digits" in page
    assert "Work-Based Learning Hours - External is 0: no approved hours to report" in page
    refused = client.get("/intermediary/reports/wblr/download", follow_redirects=True)
    assert "correct them before downloading" in _text(refused)


def test_a_valid_wblr_file_downloads_as_caret_delimited_records(client, no_csrf, session, make_accepted,
                                                                coordinator):
    from wbl_match.services.placements.hours import approve_week

    placement = make_accepted(external_id="1234567890")
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    monday = term_start() + timedelta(days=7)
    log_hours(session, coordinator, progress, monday, "2")
    approve_week(session, employer_user(placement), progress, monday)
    lifecycle.complete_placement(session, coordinator, progress)
    login(client, coordinator)
    response = client.get("/intermediary/reports/wblr/download")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    fields = _text(response).strip().split("^")
    assert fields[0] == "WBLR" and "1234567890" in fields and fields[9] == "10" and fields[11] == "2"
    assert fields[12] == "5"  # no final evaluation: "Not Provided by Employer"


def test_the_outcomes_report_suppresses_small_counts(client, session, make_accepted, coordinator):
    make_accepted()
    login(client, coordinator)
    page = _text(client.get("/intermediary/reports/outcomes"))
    assert "Outcomes after the match" in page and "fewer than 11" in page


def _other_accepted(session) -> Placement:
    other = Consortium(slug="elsewhere", name="Elsewhere")
    session.add(other)
    session.flush()
    school = School(consortium_id=other.id, cds_code="99000000000001", name="Far school")
    employer = Employer(consortium_id=other.id, name="Far employer")
    session.add_all([school, employer])
    session.flush()
    slot = Slot(consortium_id=other.id, employer_id=employer.id, title="Far slot", capacity=1, site_lat=36.0,
                site_lon=-119.0, sector_code="public-services", status=SlotStatus.OPEN, safety_attested_at=utcnow())
    slot.shifts = [SlotShift(day=0, start_minute=900, end_minute=1000)]
    student = StudentProfile(consortium_id=other.id, school_id=school.id, external_id="FAR1", first_name="Far",
                             last_name="Away", grade=11)
    match_round = MatchRound(consortium_id=other.id, name="Far round", state=RoundState.PUBLISHED, schools=[school],
                             slots=[slot])
    session.add_all([slot, student, match_round])
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.ACCEPTED)
    session.add(placement)
    session.commit()
    return placement


@pytest.mark.parametrize("role", [Role.INTERMEDIARY, Role.ADMIN, Role.EMPLOYER, Role.STUDENT])
def test_another_consortiums_accepted_placement_is_not_found_on_any_after_match_page(app, client, no_csrf, session,
                                                                                    make_user, role):
    placement = _other_accepted(session)
    login(client, make_user(role))
    rules = [r for r in app.url_map.iter_rules() if "placement_id" in r.arguments and (
        r.endpoint.startswith(("intermediary.after_", "employer.", "student.")) and r.endpoint.split(".")[1] in {
            "placement_progress", "accept_agreement", "record_insurance", "record_orientation", "log_placement_hours",
            "approve_hours", "evaluate", "progress", "log_my_hours", "reflect"} | {
            e.split(".")[1] for e in app.view_functions if e.startswith("intermediary.after_")})]
    assert len(rules) >= 20
    for rule in rules:
        url = rule.rule.replace("<int:placement_id>", str(placement.id))
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        assert response.status_code in (403, 404), f"{role.value} {rule.rule}"
        if rule.endpoint.split(".")[0] == {"intermediary": "intermediary", "admin": "intermediary",
                                            "employer": "employer", "student": "student"}[role.value]:
            assert response.status_code == 404, f"{role.value} {rule.rule}"
