"""Each demo login reaches its role's home page in a real browser, at phone and desktop widths."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in

HEADINGS = {
    "admin": "Accounts in South Valley Career Pathways Consortium",
    "intermediary": "South Valley Career Pathways Consortium",
    "employer": None,
    "student": None,
}


@pytest.fixture
def demo(app, session):
    return seed_demo(session, get_passwords(app), seed=3, students=120, employers=20, slots=40)


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_demo_login_reaches_its_home_page(page, demo, viewport):
    page.set_viewport_size(viewport)
    for login in demo.logins:
        sign_in(page, login.email, DEMO_PASSWORD)
        page.wait_for_url(f"**/{login.role.value}/")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_visible()
        if HEADINGS[login.role.value]:
            assert heading.inner_text() == HEADINGS[login.role.value]
        screenshot(page, f"home-{login.role.value}-{viewport['width']}")
        menu(page).get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login")


@pytest.mark.e2e
def test_a_wrong_password_shows_the_message_in_the_browser(page, demo):
    sign_in(page, demo.logins[0].email, "not the password")
    expect(page.get_by_text("E-mail or password is not correct.")).to_be_visible()
    screenshot(page, "login-error")


@pytest.mark.e2e
def test_an_unknown_page_shows_the_friendly_404(page):
    response = page.goto("/no/such/page")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
