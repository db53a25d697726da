"""Every page a student, guardian or family meets is in Spanish when they read Spanish: no English left.

Each page is fetched twice, in English and in Spanish, on the same records; any text shown identically on
both, once the test's own data (names, titles, addresses) is taken out, is English that nobody translated.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState
from wbl_match.models.base import utcnow
from wbl_match.services.placements import lifecycle
from wbl_match.services.placements.consent import send_consent_link
from wbl_match.services.placements.hours import log_hours, send_approval_link
from wbl_match.localisation import local_today
from tests.conftest import csrf_token_from, login
from tests.after_support import make_accepted, make_ready, student_user, term_start  # noqa: F401
from tests.web.spanish_text import english_left, read_texts


def _data(*records) -> list[str]:
    """The strings the records put on a page (never translated: they are people's and places' names)."""
    values = []
    for record in records:
        for name in ("name", "first_name", "last_name", "display_name", "title", "email", "site_address",
                     "site_city", "description", "city"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                values.append(value)
    return values


def _both(client, path: str, set_language) -> tuple[str, str]:
    pages = []
    for code in ("en", "es"):
        set_language(code)
        response = client.get(path)
        assert response.status_code in (200, 404, 410), (path, response.status_code)
        pages.append(response.get_data(as_text=True))
    return pages[0], pages[1]


def _assert_spanish(english: str, spanish: str, data: list[str], path: str) -> None:
    assert '<html lang="es">' in spanish and '<html lang="en">' in english, path
    assert english_left(english, spanish, data) == [], path


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY)


@pytest.fixture
def offered(session, consortium, make_user, make_student, make_slot):
    """A student with an offer to answer in a published round, and a round open for ranking."""
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, pathway_code="patient-care", certifications=["cpr"])
    slot = make_slot(title="Clinic assistant", site_address="400 W Mineral King Ave", site_city="Visalia",
                     site_lat=36.33, site_lon=-119.29, is_paid=True, hourly_wage_cents=1650,
                     term_start=local_today() + timedelta(days=20), what_to_bring="Closed-toe shoes")
    published = MatchRound(consortium_id=consortium.id, name="Spring round", state=RoundState.PUBLISHED,
                           schools=[student.school], slots=[slot])
    open_slot = make_slot(title="Front desk helper", site_lat=36.34, site_lon=-119.30)
    ranking = MatchRound(consortium_id=consortium.id, name="Summer round", state=RoundState.OPEN, max_ranked=3,
                         schools=[student.school], slots=[open_slot],
                         ranking_closes_at=utcnow() + timedelta(days=5))
    session.add_all([published, ranking])
    session.flush()
    placement = Placement(round_id=published.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.OFFERED, offered_at=utcnow(),
                          expires_at=utcnow() + timedelta(days=7))
    session.add(placement)
    session.commit()
    return placement


def test_every_page_of_a_student_with_an_offer_is_in_spanish(client, session, offered):
    student = offered.student
    login(client, student.user)

    def set_language(code):
        student.language = code
        session.commit()

    data = _data(student, student.user, student.school, offered.slot, offered.slot.employer, offered.round,
                 student.user.consortium) + ["Front desk helper", "Summer round", "Closed-toe shoes", "Employer 2"]
    for path in ("/student/", "/student/profile", "/student/slots", f"/student/placements/{offered.id}",
                 "/account/password", "/student/no-such-page"):
        english, spanish = _both(client, path, set_language)
        _assert_spanish(english, spanish, data, path)


def test_a_student_sees_the_profile_forms_messages_in_spanish(client, session, offered):
    student = offered.student
    login(client, student.user)
    pages = []
    for code in ("en", "es"):
        student.language = code
        session.commit()
        token = csrf_token_from(client.get("/student/profile").get_data(as_text=True))
        response = client.post("/student/profile", data={
            "csrf_token": token, "sector_1": "", "home_zip": "", "travel_mode": "", "max_minutes": "999",
            "language": code, "guardian_language": code})
        assert response.status_code == 422
        pages.append(response.get_data(as_text=True))
    assert "Elige por lo menos el sector que más te interesa." in pages[1]
    _assert_spanish(pages[0], pages[1], _data(student, student.school, student.user, student.user.consortium),
                    "profile errors")


def test_the_pages_after_the_match_are_in_spanish_for_the_student(client, session, make_accepted, coordinator):
    placement = make_accepted()
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    log_hours(session, student_user(placement), progress, term_start() + timedelta(days=7), "2:30", "Filed charts")
    student = placement.student
    login(client, student.user)

    def set_language(code):
        student.language = code
        session.commit()

    data = _data(student, student.user, student.school, placement.slot, placement.slot.employer, placement.round,
                 student.user.consortium) + ["Filed charts"]
    for path in (f"/student/placements/{placement.id}", f"/student/placements/{placement.id}/progress"):
        english, spanish = _both(client, path, set_language)
        _assert_spanish(english, spanish, data, path)


def test_the_guardians_and_supervisors_link_pages_are_in_spanish(client, session, make_accepted, coordinator):
    placement = make_accepted()
    progress = lifecycle.progress_of(session, placement)
    session.commit()
    tokens = []
    send_consent_link(session, coordinator, progress, "parent@example.org", lambda t: tokens.append(t) or t)
    data = _data(placement.student, placement.slot, placement.slot.employer) + ["120 Main St, Visalia"]

    def set_language(code):
        client.set_cookie("wbl_lang", code)

    english, spanish = _both(client, f"/consent/{tokens[0]}", set_language)
    _assert_spanish(english, spanish, data, "consent")
    assert "Doy mi permiso" in spanish and "Su nombre completo" in spanish
    english, spanish = _both(client, "/consent/no-such-token", set_language)
    _assert_spanish(english, spanish, data, "gone")
    lifecycle.start_placement(session, coordinator, make_ready(session, coordinator, placement, guardian_signs=True))
    monday = term_start() + timedelta(days=7)
    log_hours(session, student_user(placement), progress, monday, "2")
    urls = []
    send_approval_link(session, coordinator, progress, monday, "boss@example.org", lambda t: urls.append(t) or t)
    session.commit()
    english, spanish = _both(client, f"/hours-approval/{urls[0]}", set_language)
    _assert_spanish(english, spanish, data, "hours approval")


def test_the_sign_in_and_error_pages_are_in_spanish_for_a_visitor(client):
    def set_language(code):
        client.set_cookie("wbl_lang", code)

    for path in ("/login", "/no-such-page"):
        english, spanish = _both(client, path, set_language)
        _assert_spanish(english, spanish, [], path)
        if path == "/login":
            assert "Entrar" in read_texts(spanish) and "Sign in" in read_texts(english)


def test_the_check_finds_english_left_on_a_spanish_page():
    english = '<html lang="en"><body><h1>Hello</h1><p>Where</p><p>Maria Lopez</p></body></html>'
    spanish = '<html lang="es"><body><h1>Hola</h1><p>Where</p><p>Maria Lopez</p></body></html>'
    assert english_left(english, spanish, ["Maria Lopez"]) == ["Where"]
    assert english_left(english, spanish.replace("<p>Where</p>", "<p>Dónde</p>"), ["Maria Lopez"]) == []


def test_a_spanish_speaking_student_reads_the_services_refusals_in_spanish(client, session, make_accepted,
                                                                           coordinator):
    placement = make_accepted(language="es")
    progress = make_ready(session, coordinator, placement)
    lifecycle.start_placement(session, coordinator, progress)
    login(client, placement.student.user)
    token = csrf_token_from(client.get(f"/student/placements/{placement.id}/progress").get_data(as_text=True))
    page = client.post(f"/student/placements/{placement.id}/hours", follow_redirects=True, data={
        "csrf_token": token, "work_date": (term_start() + timedelta(days=7)).isoformat(), "hours": "lots"})
    assert "Escribe las horas trabajadas, por ejemplo 3, 2.5 o 2:30." in page.get_data(as_text=True)
    page = client.post(f"/student/placements/{placement.id}/reflection", follow_redirects=True,
                       data={"csrf_token": token, "reflection": "Poco."})
    assert "Escribe unas frases (de 20 a 4,000 caracteres)" in page.get_data(as_text=True)


def test_a_student_not_placed_reads_the_engines_reasons_in_spanish(client, session, consortium, make_school,
                                                                    make_student, make_slot, make_user):
    import sqlalchemy as sa

    from wbl_match.services.rounds import publish_round, request_solve, run_round
    from tests.services.rounds_support import build_round

    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=2, slots=1)
    other_sector = make_slot(title="Park helper", sector_code="public-services", site_city="Visalia")
    far = make_slot(title="Farm hand", site_lat=37.5, site_lon=-119.3, site_city="Fresno")
    match_round.slots += [other_sector, far]
    session.commit()
    run_round(session, request_solve(session, None, match_round.id).id)
    publish_round(session, None, match_round.id)
    placed = set(session.scalars(sa.select(Placement.student_id).where(Placement.round_id == match_round.id)))
    student = next(s for s in students if s.id not in placed)
    user = make_user(Role.STUDENT)
    student.user_id = user.id
    session.commit()
    login(client, user)

    def set_language(code):
        student.language = code
        session.commit()

    english, spanish = _both(client, "/student/", set_language)
    assert "other students filled all the places" in english and "Add Public Services" in english
    assert "otros estudiantes ocuparon todos los lugares" in spanish and "Agregar Servicios públicos" in spanish
    data = _data(student, user, student.school, match_round, *slots, other_sector, far, other_sector.employer,
                 far.employer, slots[0].employer, user.consortium)
    _assert_spanish(english, spanish, data, "/student/")


def test_the_ranking_and_zip_code_messages_with_numbers_reach_a_spanish_student_in_spanish(client, session, offered):
    """Messages with a number or a name in them (``languages.Message``) are translated like any other."""
    from wbl_match.models import MatchRound as Round

    student = offered.student
    ranking = session.query(Round).filter_by(name="Summer round").one()
    slot_id = ranking.slots[0].id
    login(client, student.user)
    pages = []
    for code in ("en", "es"):
        student.language = code
        session.commit()
        token = csrf_token_from(client.get(f"/student/slots?round={ranking.id}").get_data(as_text=True))
        response = client.post(f"/student/slots?round={ranking.id}",
                               data={"csrf_token": token, f"rank-{slot_id}": "9"})
        assert response.status_code == 422
        pages.append(response.get_data(as_text=True))
    assert "Choose a rank from 1 to 3." in pages[0] and "Elige un lugar del 1 al 3." in pages[1]
    _assert_spanish(pages[0], pages[1], _data(student, student.school, student.user, student.user.consortium)
                    + ["Front desk helper", "Summer round", "Spring round", ranking.slots[0].employer.name], "ranking errors")

    token = csrf_token_from(client.get("/student/profile").get_data(as_text=True))
    response = client.post("/student/profile", data={"csrf_token": token, "home_zip": "10001", "language": "es",
                                                     "guardian_language": "es"})
    assert "10001 no es un código postal de California que podamos ubicar en el mapa." in response.get_data(
        as_text=True)
