"""A Spanish-speaking student and guardian do everything their pages offer, in Spanish, on a phone and a desktop.

Screenshots go to ``WBL_SCREENSHOTS`` when it is set (``spanish-*.png``).
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from wbl_match.models import (
    HoursEntry, MatchRound, Placement, PlacementStatus, Preference, Role, RoundState, StudentProfile,
)
from wbl_match.models.base import utcnow
from wbl_match.services.placements import lifecycle
from wbl_match.services.placements.consent import send_consent_link
from tests.conftest import TEST_PASSWORD
from tests.after_support import make_accepted, make_ready, student_user, term_start  # noqa: F401
from tests.e2e.conftest import DESKTOP, PHONE, menu, screenshot

HEALTH = "health-science-medical-technology"
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


def sign_in_in_spanish(page, email: str) -> None:
    """The sign-in page opens in English; the switch turns it (and what follows) into Spanish."""
    page.goto("/login")
    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Entrar").click()


@pytest.mark.e2e
@VIEWPORTS
def test_a_spanish_speaking_student_completes_the_profile_ranks_slots_and_accepts_an_offer(
        page, session, make_user, make_student, make_slot, viewport):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, sectors=(), availability=(), travel_mode=None, max_km=None,
                           home_zip=None, home_lat=None, home_lon=None)
    near = [make_slot(title=f"Clínica {n}", site_lat=36.36, site_lon=-119.30 + n / 100) for n in range(3)]
    offered_slot = make_slot(title="Farmacia", site_address="215 N Court St", site_city="Visalia",
                             what_to_bring="Una identificación con foto.")
    ranking = MatchRound(consortium_id=student.consortium_id, name="Verano 2027", state=RoundState.OPEN,
                         max_ranked=3, slots=near, schools=[student.school],
                         ranking_closes_at=utcnow() + timedelta(days=6))
    published = MatchRound(consortium_id=student.consortium_id, name="Primavera 2027", state=RoundState.PUBLISHED,
                           schools=[student.school], slots=[offered_slot])
    session.add_all([ranking, published])
    session.flush()
    offer = Placement(round_id=published.id, student_id=student.id, slot_id=offered_slot.id,
                      status=PlacementStatus.OFFERED, offered_at=utcnow(), expires_at=utcnow() + timedelta(days=4))
    session.add(offer)
    session.commit()
    width = viewport["width"]
    page.set_viewport_size(viewport)
    sign_in_in_spanish(page, user.email)
    page.wait_for_url("**/student/")
    expect(page.get_by_role("heading", name="Mi lugar de prácticas")).to_be_visible()
    screenshot(page, f"spanish-student-home-{width}")
    page.get_by_role("link", name="Completa tu perfil de especialidad").click()
    page.get_by_label("Primera opción").select_option(HEALTH)
    page.get_by_label("Código postal de tu casa").fill("93291")
    page.get_by_label("Cómo me transporto").select_option("transit")
    page.get_by_label("Viaje más largo, en minutos").fill("45")
    for time in ("15:00", "15:30", "16:00", "16:30"):
        page.get_by_label(f"lunes {time}", exact=True).check()
    page.get_by_role("button", name="Copiar el lunes de martes a viernes").click()
    expect(page.get_by_label("viernes 16:30", exact=True)).to_be_checked()
    page.get_by_label("Primeros auxilios", exact=True).check()
    expect(page.get_by_label("El idioma de mi padre, madre o tutor")).to_have_value("es")
    screenshot(page, f"spanish-student-profile-{width}")
    page.get_by_role("button", name="Guardar mi perfil").click()
    page.wait_for_url("**/student/slots**")
    expect(page.get_by_text("Tu perfil está guardado.")).to_be_visible()
    cards = page.locator("article.slot-card")
    expect(cards).to_have_count(3)
    assert "min en autobús o tren" in cards.first.inner_text()
    for rank, n in ((1, 2), (2, 0), (3, 1)):
        page.locator("article.slot-card", has_text=f"Clínica {n}").get_by_label("Mi número para este puesto") \
            .select_option(str(rank))
    screenshot(page, f"spanish-student-slots-{width}")
    page.get_by_role("button", name="Guardar mi orden").click()
    expect(page.get_by_text("Tu orden de 3 puestos está guardado.")).to_be_visible()
    menu(page).get_by_role("link", name="Mi lugar de prácticas").first.click()
    page.get_by_role("button", name="Ver el lugar de prácticas y contestar").click()
    expect(page.get_by_role("heading", name="Farmacia")).to_be_visible()
    expect(page.get_by_text("Contesta antes del")).to_be_visible()
    screenshot(page, f"spanish-student-placement-{width}")
    page.get_by_role("button", name="Acepto este lugar").click()
    expect(page.get_by_text("Aceptaste el lugar de prácticas. ¡Felicidades!")).to_be_visible()
    screenshot(page, f"spanish-student-accepted-{width}")
    session.expire_all()
    assert session.get(Placement, offer.id).status is PlacementStatus.ACCEPTED
    assert dict(session.execute(sa.select(Preference.slot_id, Preference.rank)).all()) == {
        near[2].id: 1, near[0].id: 2, near[1].id: 3}
    saved = session.get(StudentProfile, student.id)
    assert (saved.language, saved.guardian_language) == ("es", "es")
    menu(page).get_by_role("link", name="Mi cuenta").click()
    expect(page.get_by_role("heading", name="Cambia tu contraseña")).to_be_visible()
    menu(page).get_by_role("button", name="Salir").click()
    expect(page.get_by_text("Cerraste la sesión.")).to_be_visible()


@pytest.mark.e2e
@VIEWPORTS
def test_a_spanish_speaking_student_logs_hours_and_writes_a_reflection(page, session, make_accepted, make_user,
                                                                       viewport):
    coordinator = make_user(Role.INTERMEDIARY)
    placement = make_accepted(language="es")
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    page.set_viewport_size(viewport)
    page.goto("/login")
    page.get_by_label("E-mail").fill(student_user(placement).email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/student/")
    expect(page.locator("html")).to_have_attribute("lang", "es")  # the student's own language, once signed in
    page.get_by_role("button", name="Ver el lugar de prácticas").click()
    page.get_by_role("button", name="Mi lista de pendientes, mis horas y evaluaciones").click()
    expect(page.get_by_role("heading", name="Antes de empezar")).to_be_visible()
    page.get_by_label("Día").fill((term_start() + timedelta(days=7)).isoformat())
    page.get_by_label("Horas trabajadas").fill("2:30")
    page.get_by_role("button", name="Guardar horas").click()
    expect(page.get_by_text("Tus horas están guardadas.")).to_be_visible()
    expect(page.get_by_text("1 día por aprobar")).to_be_visible()
    page.get_by_label("¿Qué hiciste y qué aprendiste?").fill("Archivé expedientes y aprendí a atender llamadas.")
    page.get_by_role("button", name="Guardar mi reflexión").click()
    expect(page.get_by_text("Tu reflexión está guardada.")).to_be_visible()
    screenshot(page, f"spanish-student-progress-{viewport['width']}")
    session.expire_all()
    assert session.scalar(sa.select(HoursEntry.minutes)) == 150


@pytest.mark.e2e
@VIEWPORTS
def test_a_spanish_speaking_guardian_gives_consent_from_the_e_mailed_link(page, session, make_accepted, make_user,
                                                                          viewport):
    coordinator = make_user(Role.INTERMEDIARY)
    placement = make_accepted(guardian_language="es")
    progress = lifecycle.progress_of(session, placement)
    session.commit()
    links = []
    send_consent_link(session, coordinator, progress, "madre@example.org", lambda t: links.append(t) or f"/consent/{t}")
    page.set_viewport_size(viewport)
    page.goto(f"/consent/{links[0]}?lang=es")
    expect(page.get_by_role("heading", name=f"Permiso para las prácticas de {placement.student.first_name}")) \
        .to_be_visible()
    screenshot(page, f"spanish-guardian-consent-{viewport['width']}")
    page.get_by_label("Su nombre completo").fill("Rosa Example")
    page.get_by_label(f"Su relación con {placement.student.first_name}").select_option("parent")
    page.get_by_role("button", name="Doy mi permiso").click()
    expect(page.get_by_role("heading", name="Gracias")).to_be_visible()
    screenshot(page, f"spanish-guardian-thanks-{viewport['width']}")
    page.goto(f"/consent/{links[0]}")  # the cookie keeps Spanish; the link works no more
    expect(page.get_by_role("heading", name="Este enlace ya no se puede usar")).to_be_visible()


@pytest.mark.e2e
def test_the_coordinator_prints_a_letter_home_for_each_student_without_e_mail(page, session, consortium, make_user,
                                                                             make_student, make_slot):
    from tests.e2e.accessibility import assert_accessible
    from tests.e2e.conftest import sign_in

    coordinator = make_user(Role.INTERMEDIARY)
    slot = make_slot(title="Recepción de clínica", site_address="400 W Mineral King Ave", site_city="Visalia")
    students = [make_student(first_name="Luis", language="es", phone="(559) 555-0101"),
                make_student(first_name="Ana", language="en", guardian_language="es")]
    match_round = MatchRound(consortium_id=consortium.id, name="Primavera 2027", state=RoundState.PUBLISHED,
                             schools=[s.school for s in students], slots=[slot])
    session.add(match_round)
    session.flush()
    session.add_all(Placement(round_id=match_round.id, student_id=s.id, slot_id=slot.id,
                              status=PlacementStatus.OFFERED, offered_at=utcnow(),
                              expires_at=utcnow() + timedelta(days=7)) for s in students)
    session.commit()
    page.set_viewport_size(DESKTOP)
    sign_in(page, coordinator.email, TEST_PASSWORD)
    page.wait_for_url("**/intermediary/")
    page.goto(f"/intermediary/rounds/{match_round.id}")
    page.get_by_role("button", name="Not yet reached").click()
    expect(page.get_by_role("link", name="(559) 555-0101")).to_be_visible()
    assert_accessible(page, "not yet reached")
    page.get_by_role("button", name="Print the letters (2)").click()
    expect(page.locator("section.letter")).to_have_count(2)
    assert_accessible(page, "letters")
    page.emulate_media(media="print")
    expect(page.locator("header.container")).to_be_hidden()
    expect(page.get_by_role("heading", name="Letters home: Primavera 2027")).to_be_hidden()
    expect(page.get_by_role("heading", name="Tu lugar de prácticas")).to_be_visible()
    expect(page.get_by_role("heading", name="Para la familia de Ana")).to_be_visible()
    screenshot(page, "spanish-letters-print")
    page.emulate_media(media="screen")
