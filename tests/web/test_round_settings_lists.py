"""A round's settings choose schools and slots from lists of checkboxes (no Ctrl-click multi-select): each slot
says what tells it apart (employer, site, schedule, seats) as the slot picker does, the page counts what is
chosen, and the same rule decides what may be chosen."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from wbl_match.models import MatchRound, Role, RoundState, SlotStatus
from wbl_match.domain.weekly import format_schedule
from tests.conftest import csrf_token_from, input_values
from tests.services.rounds_support import build_round


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


#: The weekly schedule of the slots ``make_slot`` makes, as the slot picker writes it.
SCHEDULE = format_schedule([(0, 15 * 60, 17 * 60)])


def _post(client, url, data, page=None):
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def test_the_settings_page_has_no_multi_select_but_checkboxes_with_counts(client, session, staff, consortium,
                                                                         make_school, make_student, make_slot):
    match_round, _, _ = build_round(session, consortium, make_school, make_student, make_slot,
                                         state=RoundState.DRAFT)
    other_school = make_school(name="Other High")
    page = client.get(f"/intermediary/rounds/{match_round.id}/settings").get_data(as_text=True)
    assert "<select" not in page and "multiple" not in page
    assert "Ctrl" not in page
    assert sorted(input_values(page, "school_ids")) == sorted(str(s.id) for s in [*match_round.schools,
                                                                                  other_school])
    assert input_values(page, "school_ids", checked_only=True) == [str(match_round.schools[0].id)]
    assert "1 of 2 schools chosen" in page and "2 of 2 slots chosen" in page
    assert 'data-pick-filter' in page and "Select all shown" in page and "Clear shown" in page


def test_each_slot_is_told_apart_by_employer_site_schedule_and_seats(client, session, staff, make_slot,
                                                                    make_employer):
    employer = make_employer(name="Rivera & Associates CPAs")
    for city in ("Visalia", "Tulare"):
        make_slot(title="Accounting office intern", employer_id=employer.id, site_city=city, capacity=3)
    page = client.get("/intermediary/rounds/new").get_data(as_text=True)
    labels = re.findall(r'name="slot_ids" value="\d+"> <span>(.*?)</span></label>', page, re.S)
    assert len(labels) == 2 and len(set(labels)) == 2
    for city, label in zip(("Tulare", "Visalia"), sorted(labels, key=lambda text: "Visalia" in text)):
        assert "Accounting office intern" in label and "Rivera &amp; Associates CPAs" in label
        assert city in label and SCHEDULE in label
        assert "3 seats" in label


def test_checked_schools_and_slots_are_saved_and_shown_checked_again(client, session, staff, consortium,
                                                                    make_school, make_slot):
    schools = [make_school(name=f"School {n}") for n in range(3)]
    slots = [make_slot(title=f"Slot {n}") for n in range(3)]
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Spring 2028", "mechanism": "optimal", "sector_rule": "required", "max_ranked": "5",
        "term_kind": "auto", "pathway_rule": "off",
        "school_ids": [str(schools[0].id), str(schools[2].id)], "slot_ids": [str(slots[1].id)]})
    assert response.status_code == 302
    match_round = session.scalars(sa.select(MatchRound)).one()
    assert sorted(s.id for s in match_round.schools) == sorted([schools[0].id, schools[2].id])
    assert [s.id for s in match_round.slots] == [slots[1].id]
    page = client.get(f"/intermediary/rounds/{match_round.id}/settings").get_data(as_text=True)
    assert sorted(input_values(page, "school_ids", checked_only=True)) == sorted([str(schools[0].id),
                                                                                  str(schools[2].id)])
    assert input_values(page, "slot_ids", checked_only=True) == [str(slots[1].id)]
    assert "2 of 3 schools chosen" in page and "1 of 3 slots chosen" in page


def test_only_open_slots_are_offered_to_choose(client, session, staff, make_slot):
    open_slot, closed = make_slot(title="Open one"), make_slot(title="Closed one", status=SlotStatus.CLOSED)
    page = client.get("/intermediary/rounds/new").get_data(as_text=True)
    assert input_values(page, "slot_ids") == [str(open_slot.id)] and "Closed one" not in page


def test_a_school_of_another_consortium_is_refused_beside_the_list(client, session, staff, make_consortium,
                                                                  make_school):
    other = make_school(consortium_id=make_consortium(name="Elsewhere").id)
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Spring 2028", "mechanism": "optimal", "sector_rule": "required", "max_ranked": "5",
        "term_kind": "auto", "pathway_rule": "off", "school_ids": [str(other.id)]}, "/intermediary/rounds/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="school_ids-error" class="field-error">Choose only schools and slots of your consortium.' in page
    assert session.scalar(sa.select(sa.func.count(MatchRound.id))) == 0


def test_a_value_that_is_not_a_number_is_refused_and_writes_nothing(client, session, staff):
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Spring 2028", "mechanism": "optimal", "sector_rule": "required", "max_ranked": "5",
        "term_kind": "auto", "pathway_rule": "off", "slot_ids": ["not-a-number"]}, "/intermediary/rounds/new")
    assert response.status_code == 422
    assert session.scalar(sa.select(sa.func.count(MatchRound.id))) == 0


def test_the_filter_searches_the_words_each_slot_shows(client, session, staff, make_slot, make_employer):
    make_slot(title="Vet assistant", employer_id=make_employer(name="Valley Vet").id, site_city="Hanford")
    page = client.get("/intermediary/rounds/new").get_data(as_text=True)
    (text,) = re.findall(r'<li data-pick-text="([^"]*)"><label><input type="checkbox" name="slot_ids"', page)
    assert "vet assistant" in text and "valley vet" in text and "hanford" in text
