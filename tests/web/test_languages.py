"""Which language a page speaks: the person's own, else ?lang= or the switch's cookie, else the browser's."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState, StudentProfile, User
from wbl_match.models.base import utcnow
from tests.conftest import csrf_token_from, login

SPANISH_BROWSER = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}


def _html(response) -> str:
    return response.get_data(as_text=True)


def _switch(client, lang: str, next_path: str):
    token = csrf_token_from(_html(client.get(next_path if next_path.startswith("/login") else "/login")))
    return client.post("/language", data={"csrf_token": token, "lang": lang, "next": next_path})


def test_a_visitor_whose_browser_asks_for_spanish_reads_the_sign_in_page_in_spanish(client):
    page = _html(client.get("/login", headers=SPANISH_BROWSER))
    assert '<html lang="es">' in page and "Correo electrónico" in page and ">Entrar</button>" in page


def test_a_visitor_with_an_english_or_unknown_browser_language_reads_english(client):
    for header in ({"Accept-Language": "en-US"}, {"Accept-Language": "fr-FR"}, {}):
        page = _html(client.get("/login", headers=header))
        assert '<html lang="en">' in page and ">Sign in</button>" in page


def test_lang_in_the_address_wins_over_the_browser_and_is_kept_for_the_next_pages(client):
    response = client.get("/login?lang=en", headers=SPANISH_BROWSER)
    assert '<html lang="en">' in _html(response)
    assert "wbl_lang=en" in response.headers["Set-Cookie"]
    assert '<html lang="en">' in _html(client.get("/login", headers=SPANISH_BROWSER))


def test_an_unknown_lang_in_the_address_is_ignored(client):
    response = client.get("/login?lang=fr", headers=SPANISH_BROWSER)
    assert '<html lang="es">' in _html(response) and "wbl_lang" not in response.headers.get("Set-Cookie", "")


def test_every_page_offers_the_other_language_in_its_own_name(client):
    english = _html(client.get("/login"))
    spanish = _html(client.get("/login", headers=SPANISH_BROWSER))
    assert 'value="es" lang="es"' in english and ">Español</button>" in english
    assert 'value="en" lang="en"' in spanish and ">English</button>" in spanish
    assert ">Español</button>" in _html(client.get("/no-such-page"))


def test_the_switch_remembers_the_language_and_returns_to_the_same_page(client):
    response = _switch(client, "es", "/login?next=%2Fstudent%2F&lang=en")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=%2Fstudent%2F"
    assert "wbl_lang=es" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert '<html lang="es">' in _html(client.get("/login"))


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "login", ""])
def test_the_switch_never_sends_anyone_to_another_site(client, target):
    response = _switch(client, "es", target)
    assert response.headers["Location"] == "/"


def test_the_switch_refuses_a_language_the_service_does_not_speak(client):
    response = _switch(client, "fr", "/login")
    assert response.status_code == 302 and "wbl_lang" not in response.headers.get("Set-Cookie", "")


def test_the_switch_needs_the_forms_token(client):
    assert client.post("/language", data={"lang": "es", "next": "/login"}).status_code == 400


def test_a_signed_in_students_own_language_wins_over_the_cookie_and_the_browser(client, session, make_user,
                                                                                make_student):
    user = make_user(Role.STUDENT)
    make_student(user_id=user.id, language="es")
    client.set_cookie("wbl_lang", "en")
    login(client, user)
    page = _html(client.get("/student/", headers={"Accept-Language": "en"}))
    assert '<html lang="es">' in page and "Mi perfil de especialidad" in page


def test_the_switch_keeps_a_students_choice_on_their_profile(client, session, make_user, make_student):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, language="en")
    login(client, user)
    token = csrf_token_from(_html(client.get("/student/")))
    client.post("/language", data={"csrf_token": token, "lang": "es", "next": "/student/"})
    session.expire_all()
    assert session.get(StudentProfile, student.id).language == "es"
    assert session.get(User, user.id).language is None
    assert '<html lang="es">' in _html(client.get("/student/"))


def test_the_switch_keeps_a_staff_members_choice_on_their_account(client, session, make_user):
    user = make_user(Role.INTERMEDIARY)
    login(client, user)
    token = csrf_token_from(_html(client.get("/intermediary/")))
    client.post("/language", data={"csrf_token": token, "lang": "es", "next": "/intermediary/"})
    session.expire_all()
    assert session.get(User, user.id).language == "es"


def test_the_profile_form_saves_the_students_and_the_guardians_language(client, session, make_user, make_student):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id)
    login(client, user)
    page = _html(client.get("/student/profile"))
    assert 'name="language"' in page and 'name="guardian_language"' in page
    response = client.post("/student/profile", data={
        "csrf_token": csrf_token_from(page), "sector_1": "health-science-medical-technology", "home_zip": "93277",
        "travel_mode": "bike", "max_minutes": "30", "availability": ["0-900", "0-930"], "language": "es",
        "guardian_language": "es"})
    assert response.status_code == 302
    session.expire_all()
    saved = session.get(StudentProfile, student.id)
    assert (saved.language, saved.guardian_language) == ("es", "es")
    assert "Tu perfil está guardado." in _html(client.get("/student/slots"))


def test_the_profile_form_refuses_a_language_not_on_its_list(client, session, make_user, make_student):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, language="en")
    login(client, user)
    page = _html(client.get("/student/profile"))
    response = client.post("/student/profile", data={
        "csrf_token": csrf_token_from(page), "sector_1": "health-science-medical-technology", "home_zip": "93277",
        "travel_mode": "bike", "max_minutes": "30", "availability": ["0-900"], "language": "fr"})
    assert response.status_code == 422 and 'id="language-error"' in _html(response)
    session.expire_all()
    assert session.get(StudentProfile, student.id).language == "en"


def test_a_spanish_page_writes_dates_days_and_travel_in_spanish(client, session, consortium, make_user,
                                                               make_student, make_slot):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id, language="es", travel_mode=None)
    student.travel_mode = None
    slot = make_slot(shifts=((0, 15 * 60, 17 * 60),), term_start=datetime(2027, 3, 1).date())
    match_round = MatchRound(consortium_id=consortium.id, name="Spring", state=RoundState.PUBLISHED,
                             schools=[student.school], slots=[slot])
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                          status=PlacementStatus.OFFERED, offered_at=utcnow(),
                          expires_at=datetime(2027, 3, 2, 1, 0, tzinfo=timezone.utc))
    session.add(placement)
    session.commit()
    login(client, user)
    page = _html(client.get(f"/student/placements/{placement.id}"))
    # 01:00 UTC on 2 March is the evening of 1 March in California.
    assert "lunes, 1 de marzo de 2027, 5:00\u202fp.m. PST" in page
    assert "lun 15:00–17:00" in page and "UTC" not in page


def test_staff_see_each_students_language_on_the_students_page(client, session, make_user, make_student):
    coordinator = make_user(Role.INTERMEDIARY)
    student = make_student(language="es", guardian_language=None)
    unknown = make_student()
    login(client, coordinator)
    page = _html(client.get(f"/intermediary/students/{student.id}"))
    assert "<dt>Language</dt><dd>Spanish; parent or guardian: Spanish</dd>" in page
    page = _html(client.get(f"/intermediary/students/{unknown.id}"))
    assert "(not known: their pages follow their browser)" in page


def test_staff_see_whether_a_parent_or_guardian_gets_the_reminders(client, session, make_user, make_student):
    login(client, make_user(Role.INTERMEDIARY))
    reached = make_student(guardian_email="r.ruiz@example.org")
    page = _html(client.get(f"/intermediary/students/{reached.id}"))
    assert "<dt>Parent or guardian e-mail</dt><dd>r.ruiz@example.org (gets the ranking and offer reminders" in page
    page = _html(client.get(f"/intermediary/students/{make_student().id}"))
    assert "none: reminders go to the student only" in page


def test_an_unknown_language_cannot_be_stored(session, make_student):
    with pytest.raises(sa.exc.IntegrityError):
        make_student(language="fr")
    session.rollback()


def test_staff_pages_stay_english_whatever_the_cookie_and_show_no_switch(client, make_user):
    login(client, make_user(Role.INTERMEDIARY))
    client.set_cookie("wbl_lang", "es")
    page = _html(client.get("/intermediary/students", headers=SPANISH_BROWSER))
    assert '<html lang="en">' in page and ">Sign out</button>" in page and 'action="/language"' not in page
    assert '<html lang="es">' in _html(client.get("/account/password"))
