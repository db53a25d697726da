"""A coordinator reads the equity and reach report of the demo's spring round after a solve."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import MatchRound, RoundState
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, SPRING_ROUND, seed_demo
from wbl_match.services.rounds import change_state, request_solve, run_round
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in


@pytest.fixture
def solved_spring(app, session):
    seed_demo(session, get_passwords(app))
    match_round = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    change_state(session, None, match_round.id, RoundState.CLOSED)
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round


def _view(page, selector: str, name: str) -> None:
    folder = os.environ.get("WBL_SCREENSHOTS")
    if folder:
        page.locator(selector).first.scroll_into_view_if_needed()
        page.locator(selector).first.evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.mark.e2e
def test_a_coordinator_opens_the_equity_report_of_a_solved_round(page, solved_spring):
    page.set_viewport_size(DESKTOP)
    sign_in(page, "coordinator@south-valley.example.org", DEMO_PASSWORD)
    page.goto(f"/intermediary/rounds/{solved_spring.id}")
    page.get_by_role("button", name="Equity and reach").click()
    expect(page.get_by_role("heading", level=1, name="Equity and reach")).to_be_visible()
    expect(page.get_by_role("heading", name="Rural", exact=True).first).to_be_visible()
    expect(page.get_by_role("table", name="Placement by gender")).to_be_visible()
    page.get_by_text("How to read this report").click()
    for summary in page.locator("details > summary").all()[1:]:
        summary.click()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        width = viewport["width"]
        screenshot(page, f"equity-{width}")
        for anchor in ("h1", "#dimension-gender", "#dimension-race_ethnicity", "#dimension-rural", "#travel", "#travel-rural"):
            _view(page, anchor, f"equity-{width}-{anchor.strip('#')}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this report (CSV)").click()
    assert download.value.suggested_filename == f"round-{solved_spring.id}-equity.csv"
