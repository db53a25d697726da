"""In a real browser, on a phone and a wide screen: a coordinator sets up two-step sign-in and signs in with a
code from the authenticator; a coordinator chooses a round's schools and slots from filtered checkbox lists."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from wbl_match.models import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in


def _fits(page, viewport) -> None:
    page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"])


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_coordinator_sets_up_two_step_sign_in_and_signs_in_with_a_code(page, make_user, viewport):
    user = make_user(Role.INTERMEDIARY)
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    menu(page).get_by_role("link", name="Account").click()
    page.get_by_role("link", name=re.compile("Two-step sign-in")).click()
    expect(page.get_by_role("heading", name="Two-step sign-in")).to_be_visible()
    assert_accessible(page, "two-step sign-in, off")
    page.get_by_role("button", name="Set up two-step sign-in").click()
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    page.get_by_text("Cannot scan? Type the key instead").click()
    secret = page.get_by_test_id("two-step-secret").inner_text().replace(" ", "")
    _fits(page, viewport)
    screenshot(page, f"two-step-setup-{viewport['width']}")
    assert_accessible(page, "setting up two-step sign-in")
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    codes = page.get_by_test_id("recovery-codes").locator("code")
    expect(codes).to_have_count(10)
    _fits(page, viewport)
    screenshot(page, f"two-step-recovery-codes-{viewport['width']}")
    assert_accessible(page, "recovery codes")
    page.get_by_role("button", name="I have kept them; continue").click()
    expect(page.get_by_text("You have 10 of 10 recovery codes left.")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-on-{viewport['width']}")
    assert_accessible(page, "two-step sign-in, on")

    menu(page).get_by_role("button", name="Sign out").click()
    sign_in(page, user.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Type your code")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-code-{viewport['width']}")
    assert_accessible(page, "the second step")
    page.get_by_role("textbox", name="Code").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("This code is not right")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-code-wrong-{viewport['width']}")
    # The code that confirmed the set-up is spent, and may still be the current one: the app's next code (within
    # the step either side that is accepted for a phone's clock) is later than it in any case.
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_coordinator_chooses_a_rounds_schools_and_slots_from_filtered_lists(page, session, make_user,
                                                                            make_school, make_slot, make_employer,
                                                                            viewport):
    user = make_user(Role.INTERMEDIARY)
    for n in range(12):
        make_school(name=f"{'Mt. Whitney' if n == 3 else 'Valley'} High {n}", city="Visalia" if n % 2 else "Tulare")
    rivera = make_employer(name="Rivera & Associates CPAs")
    for n, city in enumerate(("Visalia", "Tulare", "Hanford", "Visalia", "Exeter")):
        make_slot(title="Accounting office intern", employer_id=rivera.id, site_city=city, capacity=n + 1)
    make_slot(title="Veterinary assistant with a rather long title that must wrap on a phone screen",
              employer_id=make_employer(name="Valley Vet Clinic").id, site_city="Hanford")
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    page.goto("/intermediary/rounds/new")
    schools = page.get_by_role("group", name="Schools")
    expect(schools.get_by_text("0 of 12 schools chosen")).to_be_visible()
    expect(schools.get_by_text("is ticked, so this list is not read")).to_be_visible()
    expect(page.get_by_label("Every school of the consortium")).to_be_checked()
    schools.get_by_label("Filter schools").fill("whitney")
    expect(schools.get_by_text("0 of 12 schools chosen · 1 shown")).to_be_visible()
    schools.get_by_role("button", name="Select all shown").click()
    expect(schools.get_by_text("1 of 12 schools chosen · 1 shown")).to_be_visible()
    expect(page.get_by_label("Every school of the consortium")).not_to_be_checked()  # these, not every one
    expect(schools.get_by_text("is ticked, so this list is not read")).to_be_hidden()
    schools.get_by_label("Filter schools").fill("")
    schools.get_by_label("Filter schools").fill("tulare")
    schools.get_by_role("button", name="Select all shown").click()
    expect(schools.get_by_text("7 of 12 schools chosen · 6 shown")).to_be_visible()
    slots = page.get_by_role("group", name="Slots")
    slots.get_by_label("Filter slots").fill("rivera visalia")
    expect(slots.get_by_text("0 of 6 slots chosen · 2 shown")).to_be_visible()
    slots.get_by_role("button", name="Select all shown").click()
    slots.get_by_label("Filter slots").fill("")
    expect(slots.get_by_text("2 of 6 slots chosen")).to_be_visible()
    slots.get_by_label(re.compile("Exeter")).check()
    expect(slots.get_by_text("3 of 6 slots chosen")).to_be_visible()
    page.get_by_role("group", name="Schools").scroll_into_view_if_needed()
    _fits(page, viewport)
    screenshot(page, f"round-lists-{viewport['width']}")
    assert_accessible(page, "the round's settings")
    expect(page.get_by_label("Every open slot of the consortium")).not_to_be_checked()
    page.get_by_label("Name").fill("Summer 2028")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The round is saved.")).to_be_visible()
    page.get_by_role("button", name="Settings", exact=True).first.click()
    expect(page.get_by_role("group", name="Schools").get_by_text("7 of 12 schools chosen")).to_be_visible()
    expect(page.get_by_role("group", name="Slots").get_by_text("3 of 6 slots chosen")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"round-settings-saved-{viewport['width']}")


def _sign_in_with_code(page, user, secret: str, later: bool = False) -> None:
    sign_in(page, user.email, TEST_PASSWORD)
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(secret).at(time.time() + (30 if later else 0)))
    page.get_by_role("button", name="Sign in").click()
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_administrator_requires_two_step_a_coordinator_sets_it_up_first_and_is_reset(page, session, make_user,
                                                                                        viewport):
    from datetime import timedelta

    from wbl_match.models.base import utcnow
    from wbl_match.services.accounts import two_step

    admin = make_user(Role.ADMIN, name="Ada Administrator")
    coordinator = make_user(Role.INTERMEDIARY, name="Casey Coordinator")
    admin_secret = two_step.start_enrolment(session, admin)
    before = utcnow() - timedelta(minutes=5)
    two_step.confirm_enrolment(session, admin, pyotp.TOTP(admin_secret).at(before), now=before)
    page.set_viewport_size(viewport)

    _sign_in_with_code(page, admin, admin_secret)
    page.goto("/admin/")
    page.get_by_label("Require two-step sign-in of coordinators and administrators").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("must now sign in in two steps")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-admin-setting-{viewport['width']}")
    assert_accessible(page, "the accounts page with the two-step setting")
    menu(page).get_by_role("button", name="Sign out").click()

    sign_in(page, coordinator.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    page.goto("/intermediary/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()  # nothing else before the set-up
    sign_in(page, coordinator.email, TEST_PASSWORD)
    page.get_by_text("Cannot scan? Type the key instead").click()
    secret = page.get_by_test_id("two-step-secret").inner_text().replace(" ", "")
    _fits(page, viewport)
    screenshot(page, f"two-step-required-setup-{viewport['width']}")
    assert_accessible(page, "setting up two-step sign-in at sign-in")
    page.get_by_role("textbox", name="Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_test_id("recovery-codes").locator("code")).to_have_count(10)
    page.get_by_role("button", name="I have kept them; continue").click()
    expect(menu(page).get_by_role("button", name="Sign out")).to_be_visible()
    menu(page).get_by_role("button", name="Sign out").click()

    _sign_in_with_code(page, admin, admin_secret, later=True)
    page.goto("/admin/")
    row = page.get_by_role("row").filter(has_text="Casey Coordinator")
    expect(row.get_by_text("on", exact=True)).to_be_visible()
    row.get_by_role("button", name="Reset two-step…").click()
    expect(page.get_by_role("heading", name="What will happen")).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-admin-reset-{viewport['width']}")
    page.get_by_role("button", name="Reset two-step sign-in").click()
    expect(page.get_by_text("Casey Coordinator's two-step sign-in is reset")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Casey Coordinator").get_by_text("off", exact=True)).to_be_visible()
    _fits(page, viewport)
    screenshot(page, f"two-step-admin-users-{viewport['width']}")
