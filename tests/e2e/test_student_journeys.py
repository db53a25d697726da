"""A student completes a profile, sees only eligible slots, ranks three; and accepts a published placement."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
import sqlalchemy as sa

from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, Preference, Role, RoundState, SlotStatus, StudentProfile,
)
from wbl_match.models.base import utcnow
from tests.conftest import TEST_PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, screenshot, sign_in

HEALTH = "health-science-medical-technology"


@pytest.fixture
def student_user(make_user, make_student):
    user = make_user(Role.STUDENT)
    # Not yet complete: no sectors, no availability, no travel limit.
    user.seeded_profile = make_student(user_id=user.id, sectors=(), availability=(), travel_mode=None, max_km=None,
                                       home_zip=None, home_lat=None, home_lon=None)
    return user


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_student_completes_a_profile_sees_only_eligible_slots_and_ranks_three(page, session, student_user,
                                                                                make_slot, viewport):
    near = [make_slot(title=f"Clinic slot {n}", site_lat=36.36, site_lon=-119.30 + n / 100) for n in range(4)]
    make_slot(title="Farm slot", sector_code="agriculture-natural-resources")
    make_slot(title="Saturday slot", shifts=((5, 480, 720),))
    make_slot(title="Closed slot", status=SlotStatus.CLOSED)
    match_round = MatchRound(consortium_id=student_user.consortium_id, name="Summer 2027", state=RoundState.OPEN,
                             max_ranked=3, slots=near, schools=[student_user.seeded_profile.school])
    session.add(match_round)
    session.commit()
    page.set_viewport_size(viewport)
    sign_in(page, student_user.email, TEST_PASSWORD)
    page.wait_for_url("**/student/")
    page.get_by_role("link", name="Complete your pathway profile").click()
    page.get_by_label("First choice").select_option(HEALTH)
    page.get_by_label("Home ZIP code").fill("93291")
    page.get_by_label("How I travel").select_option("transit")
    page.get_by_label("Longest trip, minutes").fill("45")
    for time in ("15:00", "15:30", "16:00", "16:30"):
        page.get_by_label(f"Monday {time}", exact=True).check()
    page.get_by_role("button", name="Copy Monday to Tuesday–Friday").click()
    expect(page.get_by_label("Friday 16:30", exact=True)).to_be_checked()
    page.get_by_label("CPR", exact=True).check()
    page.get_by_label("Other certifications").fill("Lifeguard (Red Cross), first aid")
    screenshot(page, f"student-profile-{viewport['width']}")
    page.get_by_role("button", name="Save my profile").click()
    page.wait_for_url("**/student/slots")
    session.expire_all()
    assert session.scalar(sa.select(StudentProfile.certifications)) == ["Lifeguard (Red Cross)", "cpr", "first-aid"]
    cards = page.locator("article.slot-card")
    titles = sorted(cards.locator("h2").all_inner_texts())
    assert titles == [f"Clinic slot {n}" for n in range(4)]
    assert "min by bus or train" in cards.first.inner_text()
    for rank, n in ((1, 2), (2, 0), (3, 3)):
        page.locator("article.slot-card", has_text=f"Clinic slot {n}").get_by_label("My rank for this slot") \
            .select_option(str(rank))
    screenshot(page, f"student-slots-{viewport['width']}")
    page.get_by_role("button", name="Save my ranking").click()
    page.wait_for_url("**/student/slots")
    expect(page.get_by_text("Your ranking of 3 slots is saved.")).to_be_visible()
    session.expire_all()
    ranks = dict(session.execute(sa.select(Preference.slot_id, Preference.rank)).all())
    assert ranks == {near[2].id: 1, near[0].id: 2, near[3].id: 3}


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_student_views_a_published_placement_and_accepts_it(page, session, make_user, make_student, make_slot,
                                                             viewport):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id)
    slot = make_slot(title="Pharmacy assistant", site_address="215 N Court St", site_city="Visalia",
                     site_zip="93291", what_to_bring="A photo ID and your signed work permit.")
    match_round = MatchRound(consortium_id=student.consortium_id, name="Summer 2027", state=RoundState.PUBLISHED,
                             schools=[student.school])
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.OFFERED, offered_at=utcnow(), expires_at=utcnow() + timedelta(days=4))
    session.add(placement)
    session.commit()
    page.set_viewport_size(viewport)
    sign_in(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/student/")
    page.get_by_role("button", name="See the placement and answer").click()
    expect(page.get_by_role("heading", name="Pharmacy assistant")).to_be_visible()
    expect(page.get_by_text("215 N Court St")).to_be_visible()
    expect(page.get_by_text("A photo ID and your signed work permit.")).to_be_visible()
    screenshot(page, f"student-placement-{viewport['width']}")
    page.get_by_role("button", name="Accept this placement").click()
    expect(page.get_by_text("You accepted the placement.")).to_be_visible()
    screenshot(page, f"student-placement-accepted-{viewport['width']}")
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.ACCEPTED
