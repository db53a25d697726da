"""Coordinators look up the consortium's employers: search, filter, page, and one employer's slots in use."""
from __future__ import annotations

import re

import pytest

from wbl_match.models import EmployerContact, MatchRound, Placement, PlacementStatus, Role, SlotStatus
from wbl_match.services.employers.directory import employer_slots, search_employers

AG = "agriculture-natural-resources"


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


def _names(page: str) -> list[str]:
    return re.findall(r'<a href="/intermediary/employers/\d+">([^<]+)</a>', page)


def test_the_list_finds_employers_by_name_or_city_and_by_the_sector_of_their_slots(client, staff, make_employer,
                                                                                  make_slot):
    dairy = make_employer(name="Valley Dairy", city="Tulare")
    make_slot(employer_id=dairy.id, sector_code=AG)
    make_employer(name="Hanford Clinic", city="Hanford")
    make_employer(name="Kings Auto", city="Hanford")
    assert _names(client.get("/intermediary/employers?q=dairy").get_data(as_text=True)) == ["Valley Dairy"]
    assert _names(client.get("/intermediary/employers?q=HANFORD").get_data(as_text=True)) == [
        "Hanford Clinic", "Kings Auto"]
    assert _names(client.get(f"/intermediary/employers?sector={AG}").get_data(as_text=True)) == ["Valley Dairy"]


def test_search_wildcards_are_taken_literally(client, staff, make_employer):
    make_employer(name="Acme")
    make_employer(name="100% Solar")
    assert _names(client.get("/intermediary/employers?q=%25").get_data(as_text=True)) == ["100% Solar"]
    page = client.get("/intermediary/employers?q=_").get_data(as_text=True)
    assert _names(page) == [] and "No employer matches “_”" in page


def test_an_unknown_sector_or_page_filters_nothing_and_never_fails(client, staff, make_employer):
    make_employer(name="Acme")
    for query in ("sector=not-a-sector", "page=999", "page=-3", "page=x"):
        response = client.get(f"/intermediary/employers?{query}")
        assert response.status_code == 200 and _names(response.get_data(as_text=True)) == ["Acme"], query


def test_the_list_pages_through_many_employers_with_their_counts(session, consortium, make_employer, make_slot,
                                                                 make_user):
    employers = [make_employer(name=f"Employer {n:02d}") for n in range(30)]
    make_slot(employer_id=employers[0].id, capacity=3)
    make_slot(employer_id=employers[0].id, capacity=2, status=SlotStatus.DRAFT)
    make_user(Role.EMPLOYER, employer_id=employers[0].id)
    first = search_employers(session, consortium.id, per_page=25)
    assert (first.total, first.pages, len(first.rows)) == (30, 2, 25)
    row = first.rows[0]
    assert (row.employer.name, row.open_slots, row.other_slots, row.open_places, row.accounts) == (
        "Employer 00", 1, 1, 3, 1)
    second = search_employers(session, consortium.id, page=2, per_page=25)
    assert [r.employer.name for r in second.rows] == [f"Employer {n}" for n in range(25, 30)]


def test_the_employer_page_shows_contacts_and_each_slot_with_its_rounds_and_places_taken(
        client, staff, session, consortium, make_employer, make_slot, make_student):
    employer = make_employer(name="Valley Dairy")
    session.add(EmployerContact(employer_id=employer.id, name="Pat Contact", email="pat@dairy.example.org",
                                is_primary=True))
    slot = make_slot(employer_id=employer.id, title="Milking parlour helper", capacity=2)
    closed = make_slot(employer_id=employer.id, title="Old slot", status=SlotStatus.CLOSED)
    match_round = MatchRound(consortium_id=consortium.id, name="Spring 2027", slots=[slot])
    session.add(match_round)
    session.flush()
    session.add_all([Placement(round_id=match_round.id, student_id=make_student().id, slot_id=slot.id,
                               status=PlacementStatus.ACCEPTED),
                     Placement(round_id=match_round.id, student_id=make_student().id, slot_id=slot.id,
                               status=PlacementStatus.DECLINED)])
    session.commit()
    uses = employer_slots(session, employer)
    assert [u.slot.title for u in uses] == ["Milking parlour helper", "Old slot"]
    assert uses[0].holding == 1 and uses[0].placements == {"accepted": 1, "declined": 1}
    assert [r.name for r in uses[0].rounds] == ["Spring 2027"] and uses[1].rounds == []
    assert uses[1].slot.id == closed.id

    page = client.get(f"/intermediary/employers/{employer.id}").get_data(as_text=True)
    assert "Pat Contact" in page and "pat@dairy.example.org" in page
    assert "Milking parlour helper" in page and "Spring 2027" in page and "invite someone" in page


def test_another_consortiums_employer_is_not_found(client, staff, make_consortium, make_employer):
    other = make_employer(consortium_id=make_consortium().id, name="Elsewhere Inc")
    assert client.get(f"/intermediary/employers/{other.id}").status_code == 404
    assert "Elsewhere Inc" not in client.get("/intermediary/employers").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.STUDENT])
def test_employers_and_students_cannot_open_the_directory(client, signed_in, role):
    signed_in(role)
    assert client.get("/intermediary/employers").status_code == 403
