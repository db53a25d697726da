"""A coordinator finds the demo student by name in the students directory, opens their page and withdraws them."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import DEMO_PASSWORD, seed_demo
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot, sign_in
from tests.e2e.test_demo_portals import assert_fits


@pytest.fixture
def demo(app, session):
    return seed_demo(session, get_passwords(app), seed=5, students=400, employers=40, slots=100)


def _resize(page, viewport) -> None:
    """Change the viewport and wait until the page has taken the new width, before measuring it."""
    page.set_viewport_size(viewport)
    page.wait_for_function("width => window.innerWidth === width", arg=viewport["width"])


@pytest.mark.e2e
def test_a_coordinator_finds_the_demo_student_opens_their_page_and_withdraws_them(page, demo, session):
    account = session.scalar(sa.select(User).where(User.email == "student@south-valley.example.org"))
    student = session.scalar(sa.select(StudentProfile).where(StudentProfile.user_id == account.id))
    page.set_viewport_size(PHONE)
    sign_in(page, "coordinator@south-valley.example.org", DEMO_PASSWORD)
    menu(page).get_by_role("link", name="Students", exact=True).click()
    for viewport in (PHONE, DESKTOP):
        _resize(page, viewport)
        screenshot(page, f"students-directory-{viewport['width']}")
        assert_fits(page, viewport)
    page.get_by_label("Name or student ID (SSID)").fill(student.last_name)
    page.get_by_role("button", name="Search").click()
    for viewport in (PHONE, DESKTOP):
        _resize(page, viewport)
        screenshot(page, f"students-search-{viewport['width']}")
        assert_fits(page, viewport)
    page.get_by_role("link", name=student.display_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(student.display_name)
    expect(page.get_by_text(student.school.name).first).to_be_visible()
    for viewport in (PHONE, DESKTOP):
        _resize(page, viewport)
        screenshot(page, f"students-record-{viewport['width']}")
        assert_fits(page, viewport)
    page.get_by_role("button", name=f"Withdraw {student.first_name}…").click()
    page.get_by_role("button", name=f"Withdraw {student.first_name}").click()
    expect(page.get_by_text("Choose why the student is withdrawn.")).to_be_visible()
    screenshot(page, "students-withdraw-error-390")
    page.get_by_label("Left the school").check()
    for viewport in (PHONE, DESKTOP):
        _resize(page, viewport)
        screenshot(page, f"students-withdraw-{viewport['width']}")
        assert_fits(page, viewport)
    page.get_by_role("button", name=f"Withdraw {student.first_name}").click()
    expect(page.get_by_role("status")).to_contain_text("is withdrawn")
    expect(page.get_by_role("button", name=f"Reinstate {student.first_name}")).to_be_visible()
    for viewport in (PHONE, DESKTOP):
        _resize(page, viewport)
        screenshot(page, f"students-withdrawn-{viewport['width']}")
        assert_fits(page, viewport)
    session.expire_all()
    assert session.get(StudentProfile, student.id).is_withdrawn
    assert session.get(User, account.id).is_active is False
