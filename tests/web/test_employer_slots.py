"""The employer's slot pages: post through the form, see it listed, edit, open, close, duplicate, delete."""
from __future__ import annotations

import re

import sqlalchemy as sa

from wbl_match.models import AuditEvent, Role, Slot, SlotStatus
from tests.conftest import csrf_token_from, input_values


def slot_form(client, **changes) -> dict:
    data = {
        "csrf_token": csrf_token_from(client.get("/employer/slots/new").get_data(as_text=True)),
        "title": "Front desk helper", "description": "Greet visitors.",
        "sector_code": "health-science-medical-technology", "pathway_code": "patient-care",
        "site_address": "400 W Main St", "site_city": "Visalia", "site_zip": "93291",
        "schedule": ["1-900", "1-930", "3-900", "3-930"], "term_start": "2027-06-14", "term_end": "2027-07-30",
        "capacity": "2", "min_grade": "11", "required_certifications": ["cpr"], "safety_attested": "y",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_employer_posts_a_slot_and_sees_it_listed(client, signed_in, session):
    user = signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client))
    assert response.status_code == 302
    slot = session.scalar(sa.select(Slot))
    assert slot.employer_id == user.employer_id and slot.status is SlotStatus.DRAFT
    assert [(s.day, s.start_minute, s.end_minute) for s in slot.shifts] == [(1, 900, 960), (3, 900, 960)]
    assert slot.required_certifications == ["cpr"] and slot.min_grade == 11
    page = client.get("/employer/").get_data(as_text=True)
    assert "Front desk helper" in page and "Tue 15:00–16:00" in page


def test_an_invalid_slot_form_shows_each_message_beside_its_field_with_422_and_writes_nothing(client, signed_in,
                                                                                              session):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(
        client, title="", capacity="0", schedule=[], site_zip="00000", pathway_code="networking",
        term_end="2027-01-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for fragment in ('id="title-error"', 'id="capacity-error"', 'id="schedule-error"'):
        assert fragment in page
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 0
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == 1  # only the sign-in


def test_service_rules_show_beside_their_fields(client, signed_in, session):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client, site_zip="00000", pathway_code="networking",
                                                                 term_end="2027-01-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="site_zip-error"' in page and 'id="pathway_code-error"' in page and 'id="term_end-error"' in page
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 0


def test_a_schedule_value_off_the_grid_is_refused(client, signed_in):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(client, schedule=["9-900", "x"]))
    assert response.status_code == 422
    assert "Choose times from the grid." in response.get_data(as_text=True)


def test_the_edit_form_shows_the_saved_schedule_and_saves_changes(client, signed_in, make_slot, session):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, shifts=((2, 900, 990),))
    page = client.get(f"/employer/slots/{slot.id}/edit").get_data(as_text=True)
    checked = set(re.findall(r'value="(\d-\d+)" id="schedule-[^"]+"\s+aria-label="[^"]+" checked', page))
    assert checked == {"2-900", "2-930", "2-960"}
    response = client.post(f"/employer/slots/{slot.id}/edit", data=slot_form(client, title="Renamed"))
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Slot, slot.id).title == "Renamed"


def _fresh(session, slot_id):
    session.expire_all()
    return session.get(Slot, slot_id)


def _post(client, url):
    token = csrf_token_from(client.get("/employer/").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def test_open_close_duplicate_and_delete_from_the_list(client, signed_in, make_slot, session):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, status=SlotStatus.DRAFT)
    assert _post(client, f"/employer/slots/{slot.id}/open").status_code == 302
    assert _fresh(session, slot.id).status is SlotStatus.OPEN
    _post(client, f"/employer/slots/{slot.id}/close")
    assert _fresh(session, slot.id).status is SlotStatus.CLOSED
    _post(client, f"/employer/slots/{slot.id}/duplicate")
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 2
    _post(client, f"/employer/slots/{slot.id}/delete")
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 1


def test_opening_without_attestation_is_refused_with_a_message(client, signed_in, make_slot, session):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, status=SlotStatus.DRAFT, safety_attested_at=None)
    response = _post(client, f"/employer/slots/{slot.id}/open")
    assert "safety attestation" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _fresh(session, slot.id).status is SlotStatus.DRAFT


def test_an_employer_never_sees_or_changes_another_employers_slot_in_the_same_consortium(client, signed_in,
                                                                                          make_slot, session):
    signed_in(Role.EMPLOYER)
    theirs = make_slot(title="Someone else's slot")
    assert "Someone else" not in client.get("/employer/").get_data(as_text=True)
    assert client.get(f"/employer/slots/{theirs.id}/edit").status_code == 404
    for action in ("open", "close", "duplicate", "delete"):
        assert _post(client, f"/employer/slots/{theirs.id}/{action}").status_code == 404
    assert client.post(f"/employer/slots/{theirs.id}/edit", data=slot_form(client)).status_code == 404
    assert _fresh(session, theirs.id).title == "Someone else's slot"


def test_the_edit_form_shows_the_saved_minimum_grade(client, signed_in, make_slot):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, min_grade=11)
    assert re.search(r'<option selected value="11">', client.get(f"/employer/slots/{slot.id}/edit").get_data(as_text=True))


def test_changing_the_zip_of_a_slot_located_by_its_zip_moves_the_site(client, signed_in, session):
    signed_in(Role.EMPLOYER)
    client.post("/employer/slots/new", data=slot_form(client, site_zip="93291"))
    slot = session.scalar(sa.select(Slot))
    page = client.get(f"/employer/slots/{slot.id}/edit").get_data(as_text=True)
    site_lat = re.search(r'<input[^>]*id="site_lat"[^>]*>', page).group(0)
    assert 'value=""' in site_lat or "value=" not in site_lat
    data = slot_form(client, site_zip="93230")
    data["csrf_token"] = csrf_token_from(page)
    assert client.post(f"/employer/slots/{slot.id}/edit", data=data).status_code == 302
    moved = _fresh(session, slot.id)
    assert moved.site_zip == "93230" and round(moved.site_lat, 1) == 36.3 and round(moved.site_lon, 1) == -119.6


def test_typed_coordinates_stay_on_the_edit_form(client, signed_in, make_slot):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, site_zip="93291", site_lat=36.1234, site_lon=-119.4321)
    page = client.get(f"/employer/slots/{slot.id}/edit").get_data(as_text=True)
    assert 'value="36.1234"' in page and 'value="-119.4321"' in page


def test_a_required_certification_outside_the_list_survives_editing_the_slot_unchanged(client, signed_in, make_slot,
                                                                                       session):
    user = signed_in(Role.EMPLOYER)
    # Posted by bulk import or the API with a certification the checkboxes do not offer.
    required = ["Lifeguard & Water Safety", "Manager’s ServSafe", "cpr"]
    slot = make_slot(employer_id=user.employer_id, required_certifications=required)
    page = client.get(f"/employer/slots/{slot.id}/edit").get_data(as_text=True)
    assert input_values(page, "required_certifications", checked_only=True) == ["cpr"]
    assert input_values(page, "other_required_certifications") == ["Lifeguard & Water Safety, Manager’s ServSafe"]
    response = client.post(f"/employer/slots/{slot.id}/edit", data=slot_form(
        client, title="Renamed", required_certifications=input_values(page, "required_certifications", True),
        other_required_certifications=input_values(page, "other_required_certifications")[0]))
    assert response.status_code == 302
    saved = _fresh(session, slot.id)
    assert saved.title == "Renamed" and saved.required_certifications == required


def test_an_employer_requires_a_certification_by_name(client, signed_in, session):
    signed_in(Role.EMPLOYER)
    response = client.post("/employer/slots/new", data=slot_form(
        client, required_certifications=[], other_required_certifications="Lifeguard; servsafe, Food handler card"))
    assert response.status_code == 302
    slot = session.scalar(sa.select(Slot))
    assert slot.required_certifications == ["Food handler card", "Lifeguard", "servsafe"]


def test_bad_required_certification_names_are_shown_beside_the_field_and_nothing_is_saved(client, signed_in,
                                                                                          make_slot, session):
    user = signed_in(Role.EMPLOYER)
    slot = make_slot(employer_id=user.employer_id, required_certifications=["Lifeguard"])
    for url, changes in ((f"/employer/slots/{slot.id}/edit", {}), ("/employer/slots/new", {"title": ""})):
        response = client.post(url, data=slot_form(client, other_required_certifications="Lifeguard, A1 @ 50%",
                                                   **changes))
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        error = re.search(r'<small id="other_required_certifications-error" class="field-error">([^<]*)</small>', page)
        assert error and "“A1 @ 50%” cannot contain “@” or “%”" in error.group(1)
    assert _fresh(session, slot.id).required_certifications == ["Lifeguard"]
    assert session.scalar(sa.select(sa.func.count(Slot.id))) == 1

