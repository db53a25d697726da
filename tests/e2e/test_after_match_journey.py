"""A coordinator, an employer's supervisor, a student and a guardian take a demo placement from accepted to
completed in a real browser, on a phone-sized screen (390 px), each step also looked at 1280 px wide: neither
overflows, axe finds no serious violation, and each is screenshot."""
from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import AfterState, Placement, PlacementProgress, StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, seed_demo
from wbl_match.services.demo.after_match import AFTER_ROUND, add_after_match_demo
from tests.after_support import today
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in

COORDINATOR, EMPLOYER, STUDENT = (f"{who}@south-valley.example.org" for who in ("coordinator", "employer", "student"))


@pytest.fixture
def demo_placement(app, session):
    seed_demo(session, get_passwords(app), seed=5, students=120, employers=20, slots=40)
    add_after_match_demo(session)
    student_id = session.scalar(sa.select(StudentProfile.id).join(User, User.id == StudentProfile.user_id)
                                .where(User.email == STUDENT))
    return session.scalar(sa.select(Placement).where(Placement.student_id == student_id,
                                                     Placement.round.has(name=AFTER_ROUND)))


def _sign_out(page) -> None:
    menu(page).get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login**")


def _fits(page, name: str) -> None:
    """At 390 px and at 1280 px: the page is no wider than the screen, has no serious accessibility violation
    (axe), and its screenshots are taken (the whole page, and what the phone shows first)."""
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=size["width"])
        assert_accessible(page, f"{name} at {size['width']} px")
        screenshot(page, f"{name}-{size['width']}")
        folder = os.environ.get("WBL_SCREENSHOTS")
        if folder and size is PHONE:
            page.screenshot(path=str(Path(folder) / f"{name}-{size['width']}-screen.png"))
    page.set_viewport_size(PHONE)


def _open(page, summary: str) -> None:
    page.locator("summary", has_text=summary).first.click()


@pytest.mark.e2e
def test_a_demo_placement_goes_from_accepted_to_completed_in_the_browser(page, session, demo_placement):
    page.set_viewport_size(PHONE)
    first_name = demo_placement.student.first_name
    monday = demo_placement.slot.term_start + timedelta(days=7)

    # The coordinator: the not-ready list, the consent link, the permit, the orientation.
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    menu(page).get_by_role("link", name="Placements").click()
    expect(page.get_by_role("heading", name="Not ready")).to_be_visible()
    _fits(page, "after-01-coordinator-not-ready")
    page.get_by_role("link", name=demo_placement.student.display_name).first.click()
    page.get_by_label("Guardian's e-mail").fill("guardian@example.org")
    page.get_by_role("button", name="E-mail the consent link").click()
    flash = page.locator(".flash-success").inner_text()
    consent_link = re.search(r"(http\S+/consent/\S+)", flash).group(1)
    _open(page, "Work permit")
    page.get_by_label("Statement of Intent received").check()
    page.get_by_label("Permit number").fill("WP-2027-118")
    page.get_by_label("Hours a day allowed").fill("4")
    page.get_by_label("Hours a week allowed").fill("20")
    page.get_by_label("Expires on").first.fill((today() + timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Save the permit").click()
    expect(page.locator(".flash-success")).to_have_text("The work permit is recorded.")
    _open(page, "Safety orientation")
    page.get_by_label("Done on").fill(today().isoformat())
    page.get_by_role("button", name="Record the orientation").click()
    page.get_by_role("button", name="Mark started").click()
    expect(page.locator(".flash-error")).to_contain_text("The placement cannot start yet")
    _fits(page, "after-02-coordinator-checklist")
    _sign_out(page)

    # The guardian, with no account: reads the essentials and signs.
    page.goto(consent_link)
    expect(page.get_by_role("heading", name=f"Consent for {first_name}'s placement")).to_be_visible()
    assert demo_placement.student.last_name not in page.content()
    _fits(page, "after-03-guardian-consent")
    page.get_by_label("Your full name").fill("Maria Example")
    page.get_by_label(f"You are {first_name}'s").select_option("parent")
    page.get_by_role("button", name="I give my consent").click()
    expect(page.get_by_role("status")).to_contain_text("Your consent")
    _fits(page, "after-04-guardian-done")

    # The employer's supervisor: the agreement and the insurance certificate.
    sign_in(page, EMPLOYER, DEMO_PASSWORD)
    menu(page).get_by_role("link", name="Placements").click()
    page.get_by_role("link", name=first_name).first.click()
    page.get_by_label("Your full name").fill("Sam Lee")
    page.get_by_role("button", name="Accept the agreement").click()
    _open(page, "Insurance certificate")
    page.get_by_label("Insurer").fill("Central Valley Mutual")
    page.get_by_label("Expires on").fill((today() + timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Save the certificate").click()
    expect(page.locator(".flash-success")).to_have_text("The insurance certificate is recorded.")
    _fits(page, "after-05-employer-checklist-done")
    _sign_out(page)

    # The coordinator starts it.
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/intermediary/placements/{demo_placement.id}")
    page.get_by_role("button", name="Mark started").click()
    expect(page.locator(".flash-success")).to_have_text("The placement has started.")
    _fits(page, "after-05b-coordinator-started")
    _sign_out(page)

    # The student logs a day (one beyond the slot's two hours) and writes a reflection.
    sign_in(page, STUDENT, DEMO_PASSWORD)
    page.goto(f"/student/placements/{demo_placement.id}")
    page.get_by_role("button", name="My checklist, hours and evaluations").click()
    page.get_by_label("Day").fill(monday.isoformat())
    page.get_by_label("Hours worked").fill("2:30")
    page.get_by_role("button", name="Save hours").click()
    expect(page.locator(".flash-success")).to_contain_text("Your hours are saved.")
    expect(page.get_by_text("Flagged: beyond the slot's 2 hours on Mondays")).to_be_visible()
    page.get_by_label("What did you do, and what did you learn?").fill(
        "I helped at the front desk, answered calls and learned how the team plans a week.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.locator(".flash-success")).to_have_text("Your reflection is saved.")
    _fits(page, "after-06-student-hours")
    _sign_out(page)

    # The supervisor approves the week and writes the final evaluation.
    sign_in(page, EMPLOYER, DEMO_PASSWORD)
    page.goto(f"/employer/placements/{demo_placement.id}/progress")
    page.get_by_role("button", name=re.compile("Approve the week of")).click()
    expect(page.locator(".flash-success")).to_have_text("Approved: 1 day of hours.")
    _fits(page, "after-07-employer-approved")
    page.get_by_role("link", name="Final evaluation").click()
    page.get_by_label("Foundational Skills").select_option("3")
    page.get_by_label("Applied Workplace Skills").select_option("4")
    page.get_by_label("Self-Management and Personal Responsibility").select_option("3")
    page.get_by_label("Overall rating").select_option("3")
    page.get_by_label("Yes").check()
    _fits(page, "after-08-employer-evaluation")
    page.get_by_role("button", name="Submit the evaluation").click()
    expect(page.locator(".flash-success")).to_contain_text("the final evaluation is saved")
    _sign_out(page)

    # The coordinator completes it; the state report holds it and validates.
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/intermediary/placements/{demo_placement.id}")
    page.get_by_role("button", name="Mark completed").click()
    expect(page.locator(".flash-success")).to_have_text("The placement is completed.")
    _fits(page, "after-09-coordinator-completed")
    page.get_by_role("link", name="The slot's history").click()
    expect(page.locator(".record-list li", has_text=demo_placement.student.display_name)).to_contain_text("Completed")
    _fits(page, "after-09b-slot-history")
    page.goto("/intermediary/reports/wblr")
    expect(page.get_by_text("Every row passes the checks.")).to_be_visible()
    expect(page.get_by_role("button", name="Download the WBLR file")).to_be_visible()
    _fits(page, "after-10-wblr")
    # A bad value is named with its row and student, and the file cannot be downloaded.
    page.get_by_label("State course code").fill("12A4")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#problems li")).to_have_text(re.compile(
        rf"Row 1 \({re.escape(demo_placement.student.display_name)}, student ID .*\): State Course Code - Embedded "
        r"Work-Based Learning must be 4 digits or blank\."))
    expect(page.get_by_role("button", name="Download the WBLR file")).to_have_count(0)
    _fits(page, "after-10b-wblr-bad-row")
    _sign_out(page)

    # The student sees the evaluation.
    sign_in(page, STUDENT, DEMO_PASSWORD)
    page.goto(f"/student/placements/{demo_placement.id}/progress")
    expect(page.get_by_text("Completed").first).to_be_visible()
    expect(page.get_by_role("heading", name="Final evaluation")).to_be_visible()
    _fits(page, "after-11-student-completed")

    progress = session.scalar(sa.select(PlacementProgress).where(PlacementProgress.placement_id == demo_placement.id))
    session.refresh(progress)
    assert progress.state is AfterState.COMPLETED
