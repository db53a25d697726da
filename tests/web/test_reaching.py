"""Reaching students and families without e-mail: the "not yet reached" list with phone numbers, and a
printable letter home for each, the student's part in their language and the family's in the guardian's."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState
from wbl_match.models.base import utcnow
from tests.conftest import login
from tests.web.spanish_text import english_left


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.INTERMEDIARY, name="Lupe Coordinator")


@pytest.fixture
def published(session, consortium, make_student, make_slot):
    slot = make_slot(title="Clinic assistant", site_address="400 W Mineral King Ave", site_city="Visalia")
    people = {
        "emailed": make_student(first_name="Emma", last_name="Adams", email="emma@example.org"),
        "spanish": make_student(first_name="Luis", last_name="Bravo", language="es", phone="(559) 555-0101",
                                guardian_phone="(559) 555-0102"),
        "mixed": make_student(first_name="Ana", last_name="Cruz", language="en", guardian_language="es"),
        "answered": make_student(first_name="Raúl", last_name="Diaz"),
    }
    match_round = MatchRound(consortium_id=consortium.id, name="Spring round", state=RoundState.PUBLISHED,
                             schools=list({p.school for p in people.values()}), slots=[slot])
    session.add(match_round)
    session.flush()
    for key, student in people.items():
        session.add(Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id,
                              status=PlacementStatus.ACCEPTED if key == "answered" else PlacementStatus.OFFERED,
                              offered_at=utcnow(), expires_at=utcnow() + timedelta(days=7)))
    session.commit()
    return match_round, people


def _html(response) -> str:
    return response.get_data(as_text=True)


def test_the_list_names_each_student_not_yet_reached_with_their_phone_numbers(client, coordinator, published):
    match_round, people = published
    login(client, coordinator)
    page = _html(client.get(f"/intermediary/rounds/{match_round.id}/unreached"))
    assert "Luis Bravo" in page and "Ana Cruz" in page
    assert "Emma Adams" not in page and "Raúl Diaz" not in page  # e-mailed; answered
    assert page.index("Luis Bravo") < page.index("Ana Cruz")  # by last name
    assert '<a href="tel:(559) 555-0101">' in page and '<a href="tel:(559) 555-0102">' in page
    assert "Spanish" in page and "English; family: Spanish" in page
    assert "1 of them have no phone number on record either" in page
    assert "Print the letters (2)" in page
    assert 'href="/intermediary/rounds/%d/unreached"' % match_round.id in _html(
        client.get(f"/intermediary/rounds/{match_round.id}"))


def test_each_letter_speaks_the_students_language_and_the_familys(client, coordinator, published):
    match_round, _ = published
    login(client, coordinator)
    page = _html(client.get(f"/intermediary/rounds/{match_round.id}/letters"))
    letters = re.findall(r'<section class="letter".*?</section>', page, re.S)
    assert len(letters) == 2
    spanish, mixed = letters  # Bravo, then Cruz
    assert '<article class="letter-part" lang="en">' in mixed and "Your work-based learning placement" in mixed
    assert '<article class="letter-part letter-family" lang="es">' in mixed and "Para la familia de Ana" in mixed
    assert "Tu lugar de prácticas" in spanish and "Hola, Luis:" in spanish and "Para la familia de Luis" in spanish
    assert "Acéptalo o recházalo antes del <strong>" in spanish and "Lupe Coordinator" in spanish
    assert "UTC" not in page and 'lang="en"' not in spanish


def test_a_spanish_letter_has_no_english_left(client, session, coordinator, published):
    match_round, people = published
    login(client, coordinator)
    pages = []
    for code in ("en", "es"):
        people["spanish"].language = people["spanish"].guardian_language = code
        session.commit()
        page = _html(client.get(f"/intermediary/rounds/{match_round.id}/letters"))
        letter = re.findall(r'<section class="letter".*?</section>', page, re.S)[0]
        pages.append("<html><body>" + "".join(re.findall(r"<article.*?</article>", letter, re.S)) + "</body></html>")
    data = ["Luis", "Luis Bravo", "Clinic assistant", "Employer 1", "400 W Mineral King Ave", "Visalia",
            "Spring round", "Lupe Coordinator", coordinator.email, "http://localhost/login"]
    data += [people["spanish"].school.name]
    assert english_left(pages[0], pages[1], data) == []


def test_only_a_published_round_has_the_list_and_the_letters(client, session, coordinator, published):
    match_round, _ = published
    login(client, coordinator)
    match_round.state = RoundState.SOLVED
    session.commit()
    assert client.get(f"/intermediary/rounds/{match_round.id}/unreached").status_code == 404
    assert client.get(f"/intermediary/rounds/{match_round.id}/letters").status_code == 404
    assert client.get(f"/intermediary/rounds/{match_round.id}/unreached").status_code == 404


def test_a_student_sees_neither(client, make_user, published):
    match_round, _ = published
    login(client, make_user(Role.STUDENT))
    assert client.get(f"/intermediary/rounds/{match_round.id}/unreached").status_code == 403
    assert client.get(f"/intermediary/rounds/{match_round.id}/letters").status_code == 403


def test_another_consortiums_coordinator_finds_neither(client, make_user, make_consortium, published):
    match_round, _ = published
    other = make_consortium()
    login(client, make_user(Role.INTERMEDIARY, consortium_id=other.id))
    assert client.get(f"/intermediary/rounds/{match_round.id}/letters").status_code == 404
    assert client.get(f"/intermediary/rounds/{match_round.id}/unreached").status_code == 404
