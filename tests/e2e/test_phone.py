"""On a phone: the menu folds behind a button, long titles wrap, and the weekly grid is marked by touch."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from wbl_match.models import MatchRound, Role, Slot, StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, SPRING_ROUND, seed_demo
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in

EMPLOYER, COORDINATOR = "employer@south-valley.example.org", "coordinator@south-valley.example.org"
#: A title with a run of 90 letters that no browser may break on its own (as pasted from another system).
LONG_TITLE = ("Interdisciplinary agricultural biotechnology "
              "Laboratoryresearchassistantinternshipforadvancedplacementstudentsofthesouthvalleyconsortium"
              " (summer)")


def _fits(page, viewport) -> None:
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])


@pytest.mark.e2e
def test_on_a_phone_the_menu_folds_behind_a_button_that_opens_it(page, make_user):
    user = make_user(Role.INTERMEDIARY)
    page.set_viewport_size(PHONE)
    sign_in(page, user.email, TEST_PASSWORD)
    menu_button = page.locator("details.site-menu > summary")
    expect(menu_button).to_be_visible()
    expect(page.get_by_role("link", name="Rounds", exact=True)).to_be_hidden()
    header_height = page.locator("header").bounding_box()["height"]
    assert header_height < 844 / 6, header_height
    screenshot(page, "daily-menu-closed-390")
    menu_button.click()
    expect(page.get_by_role("link", name="Rounds", exact=True)).to_be_visible()
    _fits(page, PHONE)
    screenshot(page, "daily-menu-open-390")
    page.get_by_role("link", name="Rounds", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("rounds")


@pytest.mark.e2e
def test_on_a_desktop_the_menu_is_a_row_without_its_button(page, make_user):
    user = make_user(Role.INTERMEDIARY)
    page.set_viewport_size(DESKTOP)
    sign_in(page, user.email, TEST_PASSWORD)
    expect(page.get_by_role("link", name="Rounds", exact=True)).to_be_visible()
    expect(page.locator("details.site-menu > summary")).to_be_hidden()
    screenshot(page, "daily-menu-1280")


@pytest.fixture
def long_titled(app, session):
    seed_demo(session, get_passwords(app), seed=5, students=200, employers=20, slots=40)
    employer_id = session.scalar(sa.select(User.employer_id).where(User.email == EMPLOYER))
    slot = session.scalars(sa.select(Slot).where(Slot.employer_id == employer_id).order_by(Slot.id)).first()
    slot.title = LONG_TITLE
    session.commit()
    return slot


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_very_long_slot_title_wraps_on_every_page_that_shows_it(page, session, long_titled, viewport):
    page.set_viewport_size(viewport)
    match_round = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    student_id = session.scalar(sa.select(StudentProfile.id).order_by(StudentProfile.id))
    pages = {EMPLOYER: ["/employer/"],
             COORDINATOR: [f"/intermediary/rounds/{match_round.id}/adjust?student={student_id}&exclude_q=Interdisciplinary",
                           f"/intermediary/employers/{long_titled.employer_id}",
                           f"/intermediary/rounds/{match_round.id}/settings"]}
    for who, urls in pages.items():
        page.context.clear_cookies()
        sign_in(page, who, DEMO_PASSWORD)
        for n, url in enumerate(urls):
            page.goto(url)
            expect(page.get_by_text(LONG_TITLE[:40], exact=False).first).to_be_visible()
            _fits(page, viewport)
            screenshot(page, f"daily-long-title-{who.split('@')[0]}-{n}-{viewport['width']}")


@pytest.mark.e2e
def test_the_weekly_grid_is_marked_by_dragging_a_finger_over_it(page, make_user):
    user = make_user(Role.EMPLOYER)
    page.set_viewport_size(PHONE)
    sign_in(page, user.email, TEST_PASSWORD)
    page.goto("/employer/slots/new")
    start = page.get_by_label("Wednesday 15:00", exact=True)
    end = page.get_by_label("Wednesday 17:00", exact=True)
    start.scroll_into_view_if_needed()
    a, b = start.bounding_box(), end.bounding_box()
    x, y0, y1 = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2, b["y"] + b["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y0}]})
    for k in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                               "touchPoints": [{"x": x, "y": y0 + (y1 - y0) * k / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    for label in ("Wednesday 15:00", "Wednesday 15:30", "Wednesday 16:00", "Wednesday 16:30", "Wednesday 17:00"):
        expect(page.get_by_label(label, exact=True)).to_be_checked()
    expect(page.get_by_label("Tuesday 16:00", exact=True)).not_to_be_checked()
    screenshot(page, "daily-grid-touch-390")
