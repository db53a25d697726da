"""An employer posts a slot with a weekly schedule in a real browser and sees it listed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from wbl_match.models import Role
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_employer_posts_a_slot_with_a_schedule_and_sees_it_listed(page, make_user, viewport):
    user = make_user(Role.EMPLOYER)
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/employer/")
    page.get_by_role("button", name="Post a slot").click()
    page.get_by_label("Title").fill("Veterinary clinic helper")
    page.get_by_label("Sector").select_option("agriculture-natural-resources")
    # The pathway list follows the sector: another sector's pathway is not selectable.
    assert page.locator("#pathway_code optgroup[data-sector='information-communication-technologies']").is_hidden()
    page.get_by_label("Pathway").select_option("animal-science")
    page.get_by_label("Street address").fill("400 W Main St")
    page.get_by_label("ZIP code").fill("93291")
    # Keyboard: focus Tuesday 15:00, mark it, then Shift+Down marks 15:30 too.
    tuesday_three = page.get_by_label("Tuesday 15:00", exact=True)
    tuesday_three.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowDown")
    assert page.get_by_label("Tuesday 15:30", exact=True).is_checked()
    assert page.get_by_label("Tuesday 15:30", exact=True).evaluate("el => el === document.activeElement")
    page.get_by_label("Thursday 15:00", exact=True).check()
    page.get_by_label("Thursday 15:30", exact=True).check()
    page.get_by_label("How many students").fill("2")
    page.get_by_label("I confirm that a named adult").check()
    screenshot(page, f"employer-slot-form-{viewport['width']}")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/employer/")
    card = page.locator("article.slot-card", has_text="Veterinary clinic helper")
    expect(card).to_be_visible()
    assert "Tue 15:00–16:00" in card.inner_text() and "Thu 15:00–16:00" in card.inner_text()
    card.get_by_role("button", name="Open to students").click()
    page.wait_for_url("**/employer/")
    expect(page.get_by_text("is open to students")).to_be_visible()
    screenshot(page, f"employer-slots-{viewport['width']}")


@pytest.mark.e2e
def test_a_bad_slot_form_shows_messages_beside_the_fields_in_the_browser(page, make_user):
    user = make_user(Role.EMPLOYER)
    sign_in(page, user.email, TEST_PASSWORD)
    page.goto("/employer/slots/new")
    page.get_by_label("ZIP code").fill("00000")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#schedule-error")).to_be_visible()
    expect(page.locator("#site_zip-error")).to_be_visible()
    screenshot(page, "employer-slot-form-errors")
