"""The review's filters and the slot picker through the pages (they work without JavaScript)."""
from __future__ import annotations

import re

import pytest

from wbl_match.models import Role
from tests.services.test_review_tables_and_slot_picker import pin_round, solved  # noqa: F401 (fixtures)


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


def _unplaced(page: str) -> str:
    return page.split('id="unplaced"', 1)[1].split('id="placements"', 1)[0]


def test_the_review_narrows_by_a_reason_link_then_a_school_link(client, staff, solved):
    match_round, _, near, _ = solved
    page = client.get(f"/intermediary/rounds/{match_round.id}/review").get_data(as_text=True)
    link = re.search(r'href="([^"]*reason=too_far[^"]*)"[^>]*>Too far to travel \(3\)', page)
    assert link, "the reason is a link that narrows the list"
    page = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    school_link = re.search(rf'href="([^"]*school={near.id}[^"]*)"[^>]*>Near High</a>', _unplaced(page))
    page = client.get(school_link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    section = _unplaced(page)
    assert "2 of 4 unplaced students match" in section
    assert "Brown" in section and "Chen" in section and "Diaz" not in section and "Alvarez" not in section


def test_the_review_keeps_the_chosen_filters_in_its_form(client, staff, solved):
    match_round, _, near, _ = solved
    page = client.get(f"/intermediary/rounds/{match_round.id}/review?school={near.id}&reason=too_far&q=br&sort=school"
                      ).get_data(as_text=True)
    assert f'<option value="{near.id}" selected>' in page and '<option value="too_far" selected>' in page
    assert 'value="br"' in page and '<option value="school" selected>' in page


def test_the_adjust_page_offers_only_pinnable_slots_and_searches_without_javascript(client, staff, pin_round):
    match_round, student, can, cannot = pin_round
    url = f"/intermediary/rounds/{match_round.id}/adjust?student={student.id}"
    pin_part = client.get(url).get_data(as_text=True).split('id="pin-options"', 1)[1].split("</form>", 1)[0]
    for slot in can:
        assert f'value="{slot.id}"' in pin_part
    for slot in cannot:
        assert f'value="{slot.id}"' not in pin_part
    assert "seats left" in pin_part and "Mon 15:00-17:00" in pin_part
    found = client.get(url + "&pin_q=sequoia").get_data(as_text=True).split('id="pin-options"', 1)[1]
    assert "Front desk" in found.split("</form>", 1)[0] and "Valley Clinic" not in found.split("</form>", 1)[0]


def test_the_picker_answers_a_search_as_one_types_with_its_options_alone(client, staff, pin_round):
    match_round, student, (fits, second), _ = pin_round
    response = client.get(f"/intermediary/rounds/{match_round.id}/slot-picker?student={student.id}&purpose=pin"
                          f"&pin_q=valley", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert f'value="{fits.id}"' in fragment and f'value="{second.id}"' not in fragment


def test_the_picker_of_another_consortiums_student_is_not_found(client, staff, pin_round, make_consortium,
                                                                make_student):
    match_round = pin_round[0]
    stranger = make_student(consortium_id=make_consortium().id)
    assert client.get(f"/intermediary/rounds/{match_round.id}/slot-picker?student={stranger.id}").status_code == 404
