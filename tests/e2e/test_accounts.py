"""Accounts in a real browser: a person recovers their account alone; an administrator deactivates one."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from wbl_match.models import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, menu, newest_mail_text, screenshot, sign_in

NEW_PASSWORD = "a brand new passphrase"
LINK = re.compile(r"http://127\.0\.0\.1:\d+/reset-password/[\w-]+")


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_person_who_forgot_their_password_recovers_the_account_without_staff_help(page, make_user, caplog,
                                                                                   viewport):
    user = make_user(Role.EMPLOYER)
    caplog.set_level("INFO")
    page.set_viewport_size(viewport)
    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("E-mail").fill(user.email)
    screenshot(page, f"daily-forgot-{viewport['width']}")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("a link to choose a new password is on its way")).to_be_visible()
    link = LINK.search(newest_mail_text()).group(0)
    page.goto(link)
    page.locator("#new_password").fill(NEW_PASSWORD)
    page.locator("#confirm_password").fill(NEW_PASSWORD)
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])
    screenshot(page, f"daily-reset-{viewport['width']}")
    page.get_by_role("button", name="Set my new password").click()
    expect(page.get_by_text("Your new password is set.")).to_be_visible()
    sign_in(page, user.email, NEW_PASSWORD)
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_administrator_deactivates_and_reactivates_a_coordinator(page, make_user, viewport):
    admin = make_user(Role.ADMIN)
    coordinator = make_user(Role.INTERMEDIARY, name="Casey Coordinator")
    page.set_viewport_size(viewport)
    sign_in(page, admin.email, TEST_PASSWORD)
    row = page.get_by_role("row").filter(has_text="Casey Coordinator")
    row.get_by_role("button", name="Deactivate…").click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])
    screenshot(page, f"daily-deactivate-{viewport['width']}")
    page.get_by_role("button", name="Deactivate the account").click()
    expect(page.get_by_text("account is deactivated")).to_be_visible()
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])
    screenshot(page, f"daily-users-{viewport['width']}")
    page.get_by_role("row").filter(has_text="Casey Coordinator").get_by_role("button", name="Reactivate").click()
    expect(page.get_by_text("account is active again")).to_be_visible()
    assert coordinator.email
