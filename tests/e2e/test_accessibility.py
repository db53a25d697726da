"""axe-core over every page type, at 390 and 1280 px: the family pages in English and Spanish, the staff
pages (English only). No serious or critical violation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState
from wbl_match.models.base import utcnow
from wbl_match.services.accounts.invitations import InvitationRequest, create_invitation
from wbl_match.services.placements import lifecycle
from wbl_match.services.placements.consent import send_consent_link
from wbl_match.services.placements.hours import log_hours, send_approval_link
from wbl_match.localisation import local_today
from tests.conftest import TEST_PASSWORD
from tests.after_support import employer_user, make_accepted, make_ready, student_user, term_start  # noqa: F401
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import DESKTOP, PHONE, menu, sign_in

LABELS = {"en": ("E-mail", "Password", "Sign in"), "es": ("Correo electrónico", "Contraseña", "Entrar")}

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@dataclass
class World:
    coordinator: object
    student: object
    offer: object
    started: object
    consent_token: str
    hours_token: str
    invitation_token: str


@pytest.fixture
def world(session, consortium, make_user, make_student, make_slot, make_accepted):
    coordinator = make_user(Role.INTERMEDIARY)
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, pathway_code="patient-care")
    offered_slot = make_slot(title="Pharmacy helper", site_address="215 N Court St", site_city="Visalia",
                             is_paid=True, hourly_wage_cents=1650, term_start=local_today() + timedelta(days=20))
    open_slot = make_slot(title="Front desk helper", site_lat=36.34, site_lon=-119.30)
    published = MatchRound(consortium_id=consortium.id, name="Spring round", state=RoundState.PUBLISHED,
                           schools=[student.school], slots=[offered_slot])
    ranking = MatchRound(consortium_id=consortium.id, name="Summer round", state=RoundState.OPEN, max_ranked=3,
                         schools=[student.school], slots=[open_slot], ranking_closes_at=utcnow() + timedelta(days=5))
    session.add_all([published, ranking])
    session.flush()
    offer = Placement(round_id=published.id, student_id=student.id, slot_id=offered_slot.id,
                      status=PlacementStatus.OFFERED, offered_at=utcnow(), expires_at=utcnow() + timedelta(days=7))
    session.add(offer)
    session.commit()
    waiting = make_accepted()
    tokens = []
    send_consent_link(session, coordinator, lifecycle.progress_of(session, waiting), "p@example.org",
                      lambda t: tokens.append(t) or t)
    started = make_accepted()
    progress = make_ready(session, coordinator, started)
    lifecycle.start_placement(session, coordinator, progress)
    monday = term_start() + timedelta(days=7)
    log_hours(session, student_user(started), progress, monday, "2:30", "Filed charts")
    send_approval_link(session, coordinator, progress, monday, "boss@example.org", lambda t: tokens.append(t) or t)
    session.commit()
    invited = make_student(email="new.student@example.org")
    created = create_invitation(session, coordinator, InvitationRequest(
        role=Role.STUDENT, email="new.student@example.org", student_external_id=invited.external_id),
        lambda t: tokens.append(t) or t)
    assert created
    return World(coordinator, student, offer, started, tokens[0], tokens[1], tokens[2])


def _sign_in(page, email: str, language: str) -> None:
    email_label, password_label, button = LABELS[language]
    page.goto("/login")
    page.get_by_label(email_label).fill(email)
    page.get_by_label(password_label).fill(TEST_PASSWORD)
    page.get_by_role("button", name=button).click()


def _visit(page, path: str, where: str) -> None:
    page.goto(path)
    page.wait_for_load_state("load")
    assert_accessible(page, where)


@pytest.mark.e2e
@VIEWPORTS
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_family_pages_have_no_serious_accessibility_violation(page, session, base_url, world, viewport,
                                                                 language):
    page.set_viewport_size(viewport)
    page.context.add_cookies([{"name": "wbl_lang", "value": language, "url": base_url}])
    for path, where in ((f"/consent/{world.consent_token}", "consent"), ("/consent/used-or-unknown", "gone link"),
                        (f"/hours-approval/{world.hours_token}", "hours approval"),
                        (f"/invitations/{world.invitation_token}", "invitation"), ("/login", "sign in"),
                        ("/no-such-page", "error page")):
        _visit(page, path, where)
        assert page.locator("html").get_attribute("lang") == language
    world.student.language = language
    student_user(world.started).student.language = language
    session.commit()
    _sign_in(page, world.student.user.email, language)
    page.wait_for_url("**/student/")
    for path, where in (("/student/", "student home"), ("/student/profile", "profile"), ("/student/slots", "slots"),
                        (f"/student/placements/{world.offer.id}", "placement"), ("/account/password", "password")):
        _visit(page, path, where)
        assert page.locator("html").get_attribute("lang") == language
    page.goto("/student/profile")
    assert page.locator("#texts").count() == 1  # the text-message part was among what was checked
    page.get_by_role("button", name="Save my profile" if language == "en" else "Guardar mi perfil").click()
    assert_accessible(page, "profile saved")
    page.goto("/student/profile")
    page.get_by_label("Home ZIP code" if language == "en" else "Código postal de tu casa").fill("0")
    page.locator("form[novalidate] button[type=submit]").click()
    assert_accessible(page, "profile with errors")
    menu(page).get_by_role("button", name="Sign out" if language == "en" else "Salir").click()
    _sign_in(page, student_user(world.started).email, language)
    page.wait_for_url("**/student/")
    _visit(page, f"/student/placements/{world.started.id}/progress", "progress")


@pytest.mark.e2e
@VIEWPORTS
def test_the_staff_pages_have_no_serious_accessibility_violation(page, world, viewport):
    page.set_viewport_size(viewport)
    sign_in(page, world.coordinator.email, TEST_PASSWORD)
    page.wait_for_url("**/intermediary/")
    offer_round = world.offer.round_id
    for path in ("/intermediary/", "/intermediary/students", f"/intermediary/students/{world.student.id}",
                 "/intermediary/rounds", f"/intermediary/rounds/{offer_round}", "/intermediary/rounds/new",
                 "/intermediary/placements", f"/intermediary/placements/{world.started.id}",
                 "/intermediary/employers", f"/intermediary/employers/{world.started.slot.employer_id}",
                 "/intermediary/outbox", "/intermediary/invitations", "/intermediary/imports",
                 "/intermediary/work-limits", "/intermediary/reports/outcomes", "/intermediary/reports/wblr"):
        _visit(page, path, path)
    menu(page).get_by_role("button", name="Sign out").click()
    sign_in(page, employer_user(world.started).email, TEST_PASSWORD)
    page.wait_for_url("**/employer/")
    for path in ("/employer/", "/employer/rounds", "/employer/placements", "/employer/organisation",
                 "/employer/slots/new", f"/employer/placements/{world.started.id}/progress"):
        _visit(page, path, path)


@pytest.mark.e2e
def test_the_check_fails_on_a_page_with_a_serious_violation(page, base_url):
    page.goto(f"{base_url}/login")
    page.evaluate("() => { const i = document.createElement('img'); i.src = '/static/favicon.svg';"
                  " document.querySelector('main').appendChild(i); }")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "a page with an image without its text")
