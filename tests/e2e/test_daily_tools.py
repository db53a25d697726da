"""The coordinator's daily tools in a real browser, at a phone's width and a desktop's."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from wbl_match.models import MatchRound, Placement, RoundState
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, SPRING_ROUND, seed_demo
from wbl_match.services.rounds import change_state, request_solve, run_round
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in

COORDINATOR = "coordinator@south-valley.example.org"
SECOND_PERSON = re.compile(r"\b(you|your)\b", re.IGNORECASE)


@pytest.fixture
def solved_spring(app, session):
    seed_demo(session, get_passwords(app))
    match_round = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    change_state(session, None, match_round.id, RoundState.CLOSED)
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round


def _fits(page, viewport) -> None:
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_demos_unplaced_students_narrow_to_one_schools_distance_cases_in_two_clicks(page, solved_spring, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/intermediary/rounds/{solved_spring.id}/review")
    heading = page.get_by_role("heading", name=re.compile(r"Unplaced students \([\d,]+\)"))
    total = int(re.sub(r"\D", "", heading.inner_text()))
    assert total > 900
    section = page.locator("ul.unplaced-list")
    text = section.inner_text()
    assert not SECOND_PERSON.search(text) and not re.search(r"\bj-\d+", text) and " km" not in text
    # Click 1: the main reason "too far".
    page.get_by_role("navigation", name="Unplaced students by main reason").get_by_role(
        "link", name=re.compile(r"^Too far to travel")).click()
    first_school = section.locator("li > a[title='Only this school\\'s students']").first
    school = first_school.inner_text()
    # Click 2: that student's school.
    first_school.click()
    expect(page.get_by_text(re.compile(r"of [\d,]+ unplaced students match"))).to_be_visible()
    rows = section.locator(":scope > li")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert f"{school} · Too far to travel" in rows.nth(i).inner_text()
    assert page.locator("select[name=school]").input_value() != ""
    _fits(page, viewport)
    screenshot(page, f"daily-review-narrowed-{viewport['width']}")


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_pin_picker_searches_as_one_types_and_offers_only_what_the_student_can_take(page, solved_spring, session,
                                                                                      viewport):
    page.set_viewport_size(viewport)
    placement = session.scalars(sa.select(Placement).where(Placement.round_id == solved_spring.id)
                                .order_by(Placement.id)).first()
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/intermediary/rounds/{solved_spring.id}/adjust?student={placement.student_id}")
    options = page.locator("#pin-options .slot-option")
    expect(options.first).to_be_visible()
    assert re.search(r"\d+ of \d+ seats? left", options.first.inner_text())
    employer = placement.slot.employer.name
    page.get_by_role("search", name="Find a slot to pin").get_by_label("Find a slot").press_sequentially(
        employer, delay=20)
    # The options are replaced while typing (no button pressed): every one left names the employer.
    page.wait_for_function("""name => [...document.querySelectorAll('#pin-options .slot-option')]
                              .every(o => o.innerText.includes(name))""", arg=employer)
    assert options.count() >= 1
    _fits(page, viewport)
    screenshot(page, f"daily-pin-picker-{viewport['width']}")
    page.locator(f'#pin-options input[value="{placement.slot_id}"]').check()
    page.get_by_role("button", name="Pin", exact=True).click()
    expect(page.get_by_text("is pinned")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_coordinator_finds_the_help_page_and_the_products_name(page, solved_spring, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    assert page.title().endswith("WBL Match")
    page.goto("/help")
    expect(page.get_by_role("heading", level=1, name="Help for coordinators")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"daily-help-{viewport['width']}")


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_the_dashboard_opens_with_what_needs_doing(page, solved_spring, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name=re.compile(r"^To do \(\d+\)"))).to_be_visible()
    todo = page.locator("section.todo")
    expect(todo.get_by_text("Rounds waiting for you")).to_be_visible()
    expect(todo.get_by_role("link", name=SPRING_ROUND)).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"daily-dashboard-{viewport['width']}")
    todo.get_by_role("link", name=SPRING_ROUND).click()
    expect(page).to_have_url(re.compile(r"/review$"))


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_publishing_shows_a_preview_of_who_is_offered_what_and_who_cannot_be_reached(page, solved_spring, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    page.goto(f"/intermediary/rounds/{solved_spring.id}")
    page.get_by_role("button", name="Publish offers…").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish the offers of")
    expect(page.get_by_role("heading", name=re.compile(r"Who cannot be reached by e-mail"))).to_be_visible()
    expect(page.get_by_text("Nothing has been sent yet.")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"daily-publish-preview-{viewport['width']}")
    page.get_by_role("button", name=re.compile(r"^Publish [\d,]+ offers$")).click()
    expect(page.get_by_text("Published:")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_employer_reads_what_closing_a_slot_does_before_closing_it_and_opens_it_again(page, solved_spring,
                                                                                       viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "employer@south-valley.example.org", DEMO_PASSWORD)
    page.get_by_role("button", name="Close…").first.click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    expect(page.get_by_text("You can open it again at any time.")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"daily-close-slot-{viewport['width']}")
    page.get_by_role("button", name="Close the slot").click()
    expect(page.get_by_text("To undo")).to_be_visible()
    page.get_by_role("button", name="Open to students").first.click()
    expect(page.get_by_text("is open to students")).to_be_visible()
