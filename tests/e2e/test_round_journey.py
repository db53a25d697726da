"""An intermediary runs a whole round on the demo data in a real browser."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import MatchRound, Placement
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in


@pytest.fixture
def demo(app, session):
    return seed_demo(session, get_passwords(app), seed=5, students=400, employers=40, slots=100)


def _view(page, selector: str, name: str) -> None:
    """A screenshot of the viewport with ``selector`` scrolled to the top (long pages, read in parts)."""
    folder = os.environ.get("WBL_SCREENSHOTS")
    if folder:
        page.locator(selector).first.evaluate("e => e.closest('h1,h2,figure,svg').scrollIntoView()")
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


@pytest.mark.e2e
def test_an_intermediary_creates_solves_pins_resolves_publishes_and_sees_the_outbox(page, demo, session):
    page.set_viewport_size(DESKTOP)
    sign_in(page, "coordinator@south-valley.example.org", DEMO_PASSWORD)
    menu(page).get_by_role("link", name="Rounds").click()
    page.get_by_role("button", name="New round").click()
    page.get_by_label("Name").fill("Autumn 2027 internships")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Autumn 2027 internships")
    _click(page, "Open for ranking")
    _click(page, "Close ranking")
    _click(page, "Solve")
    assert page.get_by_text("The round is now").count() == 0
    page.get_by_role("button", name="Review").first.click()
    expect(page.get_by_text("placement rate", exact=True)).to_be_visible()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        # Nothing makes the page wider than the screen: wide tables and charts scroll inside their boxes.
        page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])
        screenshot(page, f"round-review-{viewport['width']}")
        for anchor in ("h1", "#chart-school-title", "#chart-distance-title", "#unplaced", "#placements"):
            _view(page, anchor, f"round-review-{viewport['width']}-{anchor.strip('#')}")

    round_id = session.scalar(sa.select(MatchRound.id).where(MatchRound.name == "Autumn 2027 internships"))
    placement = session.scalars(sa.select(Placement).where(Placement.round_id == round_id)
                                .order_by(Placement.id)).first()
    page.goto(f"/intermediary/rounds/{round_id}/adjust?student={placement.student_id}")
    page.locator(f'#pin-options input[value="{placement.slot_id}"]').check()
    _click(page, "Pin")
    expect(page.get_by_text("is pinned")).to_be_visible()
    screenshot(page, "round-adjust-1280")

    page.goto(f"/intermediary/rounds/{round_id}")
    _click(page, "Solve again")
    page.get_by_role("button", name="Review").first.click()
    # The review's tables come 25 to a page: find the pinned student by their student ID.
    page.get_by_role("search", name="Find students in this review").get_by_label("Search").fill(
        placement.student.external_id)
    page.get_by_role("button", name="Find").click()
    row = page.get_by_role("row").filter(has_text=re.compile("pinned"))
    assert row.count() == 1
    page.goto(f"/intermediary/rounds/{round_id}/compare")
    expect(page.get_by_role("heading", name="Compare solves")).to_be_visible()

    page.goto(f"/intermediary/rounds/{round_id}")
    page.get_by_role("button", name="Publish offers…").click()
    expect(page.get_by_role("heading", name="Who is offered what", exact=False)).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Publish [\d,]+ offers$")).click()
    expect(page.get_by_text("Published:")).to_be_visible()
    menu(page).get_by_role("link", name="Outbox").first.click()
    expect(page.get_by_role("heading", name="Outbox")).to_be_visible()
    screenshot(page, "round-outbox-1280")
    page.get_by_role("link", name=re.compile("offered your slots")).first.click()
    expect(page.get_by_text("They have until")).to_be_visible()
    page.set_viewport_size(PHONE)
    screenshot(page, "round-outbox-message-390")
