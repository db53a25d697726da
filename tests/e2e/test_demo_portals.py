"""The portals on the demo data that ``make run`` seeds: the demo employer's slots, the demo student ranking
three slots of the open spring round, and adding summer days to rank in the summer round once it opens."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import MatchRound, Preference, RoundState, StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, SPRING_ROUND, SUMMER_ROUND, seed_demo
from wbl_match.services.rounds import change_state
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in


def assert_fits(page, viewport) -> None:
    """Nothing makes the page wider than the screen (no sideways scrolling on a phone).

    Measured once the page has settled: on a loaded machine the first measure can come before the stylesheet
    applies. A page that never fits still fails (the wait times out), with its width in the message."""
    try:
        page.wait_for_function("width => document.documentElement.scrollWidth <= width", arg=viewport["width"],
                               timeout=10_000)
    except Exception:
        pass
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.fixture
def demo(app, session):
    return seed_demo(session, get_passwords(app))


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_demo_employer_sees_and_edits_their_slots(page, demo, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "employer@south-valley.example.org", DEMO_PASSWORD)
    page.wait_for_url("**/employer/")
    cards = page.locator("article.slot-card")
    assert cards.count() >= 1
    assert_fits(page, viewport)
    screenshot(page, f"demo-employer-home-{viewport['width']}")
    cards.first.get_by_role("button", name="Edit").click()
    page.wait_for_url("**/employer/slots/*/edit")  # loaded, stylesheet included, before measuring the width
    assert page.locator("[data-schedule-grid] input:checked").count() >= 1
    assert_fits(page, viewport)
    screenshot(page, f"demo-employer-edit-{viewport['width']}")
    menu(page).get_by_role("link", name="Organisation", exact=True).click()
    expect(page.get_by_role("heading", name="Contact people")).to_be_visible()
    screenshot(page, f"demo-employer-organisation-{viewport['width']}")


def _rank_three(page, viewport) -> None:
    cards = page.locator("article.slot-card")
    assert cards.count() >= 3
    for rank in (1, 2, 3):
        cards.nth(rank - 1).get_by_label("My rank for this slot").select_option(str(rank))
    assert_fits(page, viewport)
    page.get_by_role("button", name="Save my ranking").click()
    expect(page.get_by_text("Your ranking of 3 slots is saved.")).to_be_visible()


def _ranked(session, round_name: str) -> int:
    """How many slots the demo login student has ranked in the round (other demo students rank too)."""
    session.expire_all()
    student_id = session.scalar(sa.select(StudentProfile.id).join(User, User.id == StudentProfile.user_id)
                                .where(User.email == "student@south-valley.example.org"))
    return session.scalar(sa.select(sa.func.count()).select_from(Preference).join(
        MatchRound, MatchRound.id == Preference.round_id).where(MatchRound.name == round_name,
                                                                Preference.student_id == student_id))


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_demo_student_ranks_three_spring_slots_right_after_signing_in(page, session, demo, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, "student@south-valley.example.org", DEMO_PASSWORD)
    page.wait_for_url("**/student/")
    screenshot(page, f"demo-student-home-{viewport['width']}")
    page.goto("/student/slots")
    expect(page.get_by_text(SPRING_ROUND)).to_be_visible()
    screenshot(page, f"demo-student-slots-{viewport['width']}")
    _rank_three(page, viewport)
    assert _ranked(session, SPRING_ROUND) == 3


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_demo_student_adds_summer_days_once_the_summer_round_opens_and_ranks_three_summer_slots(
        page, session, demo, viewport):
    # The coordinator opens the demo's summer round (on the rounds page); here through the same service.
    coordinator = session.scalar(sa.select(User).where(User.email == "coordinator@south-valley.example.org"))
    summer = session.scalar(sa.select(MatchRound).where(MatchRound.name == SUMMER_ROUND))
    change_state(session, coordinator, summer.id, RoundState.OPEN)
    page.set_viewport_size(viewport)
    sign_in(page, "student@south-valley.example.org", DEMO_PASSWORD)
    page.wait_for_url("**/student/")
    page.goto("/student/slots")
    # Both rounds are open now: the newest is shown, and the spring round is one link away.
    rounds = page.get_by_role("navigation", name="Open match rounds")
    expect(rounds.get_by_role("link", name=SUMMER_ROUND)).to_have_attribute("aria-current", "page")
    expect(rounds.get_by_role("link", name=SPRING_ROUND)).to_be_visible()
    assert page.locator("article.slot-card").count() == 0  # after-school times do not fit summer slots
    page.goto("/student/profile")
    page.get_by_label("Third choice").select_option("health-science-medical-technology")
    for hour in range(7, 15):
        for half in ("00", "30"):
            page.get_by_label(f"Monday {hour:02d}:{half}", exact=True).check()
    page.get_by_role("button", name="Copy Monday to Tuesday–Friday").click()
    assert_fits(page, viewport)
    screenshot(page, f"demo-student-profile-{viewport['width']}")
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url("**/student/slots")
    screenshot(page, f"demo-student-summer-slots-{viewport['width']}")
    _rank_three(page, viewport)
    assert _ranked(session, SUMMER_ROUND) == 3
