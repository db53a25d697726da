"""An employer posts a slot with a weekly schedule in a real browser and sees it listed."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import Role, Slot
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_employer_posts_a_slot_with_a_schedule_and_sees_it_listed(page, session, make_user, viewport):
    user = make_user(Role.EMPLOYER)
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/employer/")
    page.get_by_role("button", name="Post a slot").click()
    page.get_by_label("Title").fill("Veterinary clinic helper")
    page.get_by_label("Sector").select_option("agriculture-natural-resources")
    # The pathway list follows the sector: another sector's pathway is not selectable.
    expect(page.locator("#pathway_code optgroup[data-sector='information-communication-technologies']")).to_be_hidden()
    page.get_by_label("Pathway").select_option("animal-science")
    page.get_by_label("Street address").fill("400 W Main St")
    page.get_by_label("ZIP code").fill("93291")
    # Keyboard: focus Tuesday 15:00, mark it, then Shift+Down marks 15:30 too.
    tuesday_three = page.get_by_label("Tuesday 15:00", exact=True)
    tuesday_three.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+ArrowDown")
    expect(page.get_by_label("Tuesday 15:30", exact=True)).to_be_checked()
    expect(page.get_by_label("Tuesday 15:30", exact=True)).to_be_focused()
    page.get_by_label("Thursday 15:00", exact=True).check()
    page.get_by_label("Thursday 15:30", exact=True).check()
    page.get_by_label("How many students").fill("2")
    page.get_by_label("Other required certifications").fill("Lifeguard (Red Cross), CPR")
    page.get_by_label("I confirm that a named adult").check()
    screenshot(page, f"employer-slot-form-{viewport['width']}")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/employer/")
    card = page.locator("article.slot-card", has_text="Veterinary clinic helper")
    expect(card).to_be_visible()
    assert "Tue 15:00–16:00" in card.inner_text() and "Thu 15:00–16:00" in card.inner_text()
    assert session.scalar(sa.select(Slot.required_certifications)) == ["Lifeguard (Red Cross)", "cpr"]
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


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_employer_sees_the_placed_student_and_confirms(page, session, make_user, make_slot, make_student,
                                                          viewport):
    from wbl_match.models import MatchRound, Placement, PlacementStatus, RoundState

    user = make_user(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, title="Clinic assistant")
    student = make_student(first_name="Ana", last_name="Hidden", pathway_code="patient-care")
    match_round = MatchRound(consortium_id=slot.consortium_id, name="Summer 2027", state=RoundState.PUBLISHED,
                             slots=[slot], schools=[student.school])
    session.add(match_round)
    session.flush()
    session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.ACCEPTED))
    session.commit()
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/employer/")
    menu(page).get_by_role("link", name="Rounds", exact=True).click()
    page.get_by_role("link", name="Summer 2027").click()
    placed = page.locator("article.placed")
    expect(placed).to_contain_text("Ana")
    assert "Hidden" not in placed.inner_text()
    placed.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You confirmed this placement.")).to_be_visible()
    screenshot(page, f"employer-round-{viewport['width']}")


@pytest.mark.e2e
def test_an_invited_employer_sets_a_password_and_reaches_their_page(page, make_user, make_employer, browser):
    coordinator = make_user(Role.INTERMEDIARY)
    make_employer(name="Valley Vet Clinic")
    sign_in(page, coordinator.email, TEST_PASSWORD)
    page.goto("/intermediary/invitations")
    page.get_by_label("Their e-mail").fill("vet@example.org")
    page.get_by_label("Employer", exact=True).select_option(label="Valley Vet Clinic")
    page.get_by_role("button", name="Send the invitation").click()
    link = page.get_by_label("Invitation link").input_value()
    screenshot(page, "intermediary-invitation-sent")
    menu(page).get_by_role("button", name="Sign out").click()
    page.goto(link)
    page.get_by_label("Your name").fill("Dr. Vera Ortiz")
    page.get_by_label("Choose a password").fill("a long enough password")
    page.get_by_label("Password again").fill("a long enough password")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/employer/")
    expect(page.get_by_role("heading", name="Valley Vet Clinic")).to_be_visible()
    assert page.goto(link).status == 404


@pytest.mark.e2e
def test_the_slot_form_says_which_ages_the_shift_is_open_to_as_the_schedule_is_filled(page, make_user):
    user = make_user(Role.EMPLOYER)
    sign_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/employer/")
    page.goto("/employer/slots/new")
    note = page.locator("#hours-note")
    for minute in ("15:00", "15:30", "16:00", "16:30"):
        page.get_by_label(f"Tuesday {minute}", exact=True).check()
    expect(note).to_contain_text("open to students of every age")
    for minute in ("17:00", "17:30", "18:00", "18:30"):
        page.get_by_label(f"Tuesday {minute}", exact=True).check()
    expect(note).to_contain_text("4 hours on Tuesday: open to students 16 and older in a school term.")
    page.get_by_label("Tuesday 18:30", exact=True).uncheck()
    expect(note).to_contain_text("3.5 hours on Tuesday: open to students 16 and older")
