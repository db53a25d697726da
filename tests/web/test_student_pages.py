"""The student's pages: profile form, eligible slots and ranking, placement and answering the offer."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, Preference, Role, RoundState, SolveRun, SolveStatus, StudentProfile,
)
from wbl_match.models.base import utcnow
from tests.conftest import csrf_token_from, input_values

HEALTH = "health-science-medical-technology"


@pytest.fixture
def student(signed_in, make_student):
    user = signed_in(Role.STUDENT)
    return make_student(user_id=user.id)


def profile_form(client, **changes) -> dict:
    data = {"csrf_token": csrf_token_from(client.get("/student/profile").get_data(as_text=True)),
            "pathway_code": "patient-care", "sector_1": HEALTH, "sector_2": "", "sector_3": "",
            "home_zip": "93277", "travel_mode": "bike", "max_minutes": "30", "max_km": "",
            "availability": ["0-900", "0-930", "0-960", "0-990"], "certifications": ["cpr"]}
    data.update(changes)
    return data


def test_a_student_completes_the_profile_and_goes_on_to_the_slots(client, student, session):
    response = client.post("/student/profile", data=profile_form(client))
    assert response.status_code == 302 and response.headers["Location"] == "/student/slots"
    session.expire_all()
    saved = session.get(StudentProfile, student.id)
    assert saved.home_zip == "93277" and saved.max_minutes == 30 and saved.certifications == ["cpr"]
    assert [(a.day, a.start_minute, a.end_minute) for a in saved.availability] == [(0, 900, 1020)]


def test_a_bad_profile_shows_every_message_beside_its_field_with_422(client, student, session):
    response = client.post("/student/profile", data=profile_form(
        client, sector_1="", home_zip="99999", travel_mode="", max_minutes="999", availability=[]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("sector_1", "home_zip", "travel_mode", "max_minutes", "availability"):
        assert f'id="{name}-error"' in page, name
    session.expire_all()
    assert session.get(StudentProfile, student.id).home_zip == "93291"


def test_a_student_without_a_linked_record_is_told_to_ask_the_coordinator(client, signed_in):
    signed_in(Role.STUDENT)
    assert "not linked your student record" in client.get("/student/profile").get_data(as_text=True)


def _open_round(session, student, slots, max_ranked=3):
    match_round = MatchRound(consortium_id=student.consortium_id, name="Summer 2027", state=RoundState.OPEN,
                             max_ranked=max_ranked, slots=list(slots), schools=[student.school])
    session.add(match_round)
    session.commit()
    return match_round


def test_the_slots_page_lists_only_eligible_slots_and_saves_a_ranking(client, student, make_slot, session):
    near = [make_slot(title=f"Near {n}") for n in range(3)]
    far = make_slot(title="Faraway", site_lat=37.9, site_lon=-121.0)
    match_round = _open_round(session, student, [*near, far])
    page = client.get("/student/slots").get_data(as_text=True)
    assert "Near 0" in page and "Faraway" not in page and "mi from home" in page
    token = csrf_token_from(page)
    data = {"csrf_token": token, **{f"rank-{s.id}": str(3 - n) for n, s in enumerate(near)}}
    assert client.post("/student/slots", data=data).status_code == 302
    ranks = dict(session.execute(sa.select(Preference.slot_id, Preference.rank)
                                 .where(Preference.round_id == match_round.id)).all())
    assert ranks == {near[2].id: 1, near[1].id: 2, near[0].id: 3}


def test_duplicate_ranks_are_shown_beside_the_slots_and_nothing_is_saved(client, student, make_slot, session):
    near = [make_slot(title=f"Near {n}") for n in range(2)]
    _open_round(session, student, near)
    token = csrf_token_from(client.get("/student/slots").get_data(as_text=True))
    response = client.post("/student/slots", data={"csrf_token": token, f"rank-{near[0].id}": "1",
                                                   f"rank-{near[1].id}": "1"})
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("Rank 1 is given to more than one slot.") == 2
    assert session.scalar(sa.select(sa.func.count()).select_from(Preference)) == 0


def test_a_forged_rank_for_an_ineligible_slot_is_refused(client, student, make_slot, session):
    far = make_slot(title="Faraway", site_lat=37.9, site_lon=-121.0)
    _open_round(session, student, [make_slot(), far])
    token = csrf_token_from(client.get("/student/slots").get_data(as_text=True))
    response = client.post("/student/slots", data={"csrf_token": token, f"rank-{far.id}": "1"})
    assert response.status_code == 422
    assert session.scalar(sa.select(sa.func.count()).select_from(Preference)) == 0


def _open_round_named(session, student, name, slots, **fields):
    match_round = MatchRound(consortium_id=student.consortium_id, name=name, state=RoundState.OPEN,
                             max_ranked=3, slots=list(slots), **{"schools": [student.school], **fields})
    session.add(match_round)
    session.commit()
    return match_round


def test_a_student_in_two_open_rounds_picks_each_round_and_ranks_in_it_separately(client, student, make_slot,
                                                                                   session):
    spring_slot, summer_slot = make_slot(title="Spring shift"), make_slot(title="Summer shift")
    spring = _open_round_named(session, student, "Spring 2027", [spring_slot])
    _open_round_named(session, student, "Summer 2027", [summer_slot])
    newest = client.get("/student/slots").get_data(as_text=True)
    assert "Summer shift" in newest and "Spring shift" not in newest
    assert f'href="/student/slots?round={spring.id}"' in newest and "Spring 2027" in newest

    page = client.get(f"/student/slots?round={spring.id}").get_data(as_text=True)
    assert "Spring shift" in page and "Summer shift" not in page
    response = client.post(f"/student/slots?round={spring.id}",
                           data={"csrf_token": csrf_token_from(page), f"rank-{spring_slot.id}": "1"})
    assert response.status_code == 302 and response.headers["Location"] == f"/student/slots?round={spring.id}"
    saved = session.execute(sa.select(Preference.round_id, Preference.slot_id)).all()
    assert saved == [(spring.id, spring_slot.id)]


def test_a_round_the_student_takes_no_part_in_is_not_found(client, student, make_slot, make_school, session):
    _open_round_named(session, student, "Ours", [make_slot()])
    other_school = _open_round_named(session, student, "Theirs", [make_slot()], schools=[make_school()])
    closed = _open_round_named(session, student, "Closed", [make_slot()])
    closed.state = RoundState.CLOSED
    session.commit()
    for round_id in (other_school.id, closed.id, 999_999, "x"):
        assert client.get(f"/student/slots?round={round_id}").status_code == 404


def _offer(session, student, slot, **fields):
    match_round = MatchRound(consortium_id=student.consortium_id, name="Summer 2027", state=RoundState.PUBLISHED)
    session.add(match_round)
    session.flush()
    values = dict(round_id=match_round.id, student_id=student.id, slot_id=slot.id, status=PlacementStatus.OFFERED,
                  offered_at=utcnow(), expires_at=utcnow() + timedelta(days=5))
    values.update(fields)
    placement = Placement(**values)
    session.add(placement)
    session.commit()
    return placement


def test_a_student_sees_the_placement_and_accepts_it(client, student, make_slot, session):
    slot = make_slot(title="Clinic assistant", what_to_bring="Closed-toe shoes", site_address="1 Main St")
    placement = _offer(session, student, slot)
    home = client.get("/student/").get_data(as_text=True)
    assert f"/student/placements/{placement.id}" in home
    page = client.get(f"/student/placements/{placement.id}").get_data(as_text=True)
    for fragment in ("Clinic assistant", "1 Main St", "Closed-toe shoes", "Mon 15:00–17:00", "June 14, 2027",
                     "minutes by car"):
        assert fragment in page, fragment
    response = client.post(f"/student/placements/{placement.id}/respond",
                           data={"csrf_token": csrf_token_from(page), "answer": "accept"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.ACCEPTED


def test_an_offer_past_its_deadline_shows_no_buttons_and_cannot_be_accepted(client, student, make_slot, session):
    placement = _offer(session, student, make_slot(), expires_at=utcnow() - timedelta(hours=1))
    page = client.get(f"/student/placements/{placement.id}").get_data(as_text=True)
    assert "Accept this placement" not in page and "deadline to answer has passed" in page
    client.post(f"/student/placements/{placement.id}/respond",
                data={"csrf_token": csrf_token_from(page), "answer": "accept"})
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.OFFERED


def test_a_student_never_sees_or_answers_another_students_placement(client, student, make_student, make_slot,
                                                                     session):
    other = make_student()
    placement = _offer(session, other, make_slot())
    assert client.get(f"/student/placements/{placement.id}").status_code == 404
    token = csrf_token_from(client.get("/student/").get_data(as_text=True))
    response = client.post(f"/student/placements/{placement.id}/respond", data={"csrf_token": token,
                                                                                 "answer": "accept"})
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Placement, placement.id).status is PlacementStatus.OFFERED


def test_a_student_never_sees_another_students_profile(client, student, make_student):
    other = make_student(first_name="Zebediah")
    for url in ("/student/", "/student/profile", "/student/slots"):
        assert "Zebediah" not in client.get(url).get_data(as_text=True)
    assert other.id != student.id


def test_an_unplaced_student_reads_the_engines_reason_and_what_would_help(client, student, session):
    match_round = MatchRound(consortium_id=student.consortium_id, name="Spring", state=RoundState.PUBLISHED,
                             schools=[student.school])
    session.add(match_round)
    session.flush()
    session.add(SolveRun(round_id=match_round.id, status=SolveStatus.SUCCEEDED, result={"unplaced": [
        {"student": f"s-{student.id}", "reasons": [{"code": "too_far", "slots": 3,
                                                  "message": "3 slots are farther than you can travel."}],
         "what_if": {"kind": "distance", "slot": "9", "message": "With 2 km more you could reach one."}}]}))
    session.commit()
    page = client.get("/student/").get_data(as_text=True)
    assert "3 slots are farther than you can travel." in page and "With 1.2 mi more" in page
    assert re.search(r"Spring</strong>: you were not placed", page)


def test_the_profile_form_shows_the_saved_answers(client, student):
    page = client.get("/student/profile").get_data(as_text=True)
    assert re.search(r'<option selected value="car">|<option value="car" selected>', page)
    assert re.search(r'value="0-900" id="availability-0-900"\s+aria-label="Monday 15:00" checked', page)


def _saved_certifications(session, student):
    session.expire_all()
    return session.get(StudentProfile, student.id).certifications


def test_certifications_outside_the_list_survive_saving_the_profile_unchanged(client, student, session):
    # Set by bulk import or the API: one common certification and two the checkboxes do not offer.
    held = ["BLS Provider (AHA)", "Lifeguard & Water Safety", "cpr"]
    student.certifications = held
    session.commit()
    page = client.get("/student/profile").get_data(as_text=True)
    assert input_values(page, "certifications", checked_only=True) == ["cpr"]
    assert input_values(page, "other_certifications") == ["BLS Provider (AHA), Lifeguard & Water Safety"]
    # Saved as the browser sends the form back, with every answer as shown.
    response = client.post("/student/profile", data=profile_form(
        client, certifications=input_values(page, "certifications", checked_only=True),
        other_certifications=input_values(page, "other_certifications")[0]))
    assert response.status_code == 302
    assert _saved_certifications(session, student) == held


def test_a_student_adds_certifications_by_name_beside_the_checkboxes(client, student, session):
    response = client.post("/student/profile", data=profile_form(
        client, certifications=["first-aid"], other_certifications="  Lifeguard ,CNA;  cpr, lifeguard , "))
    assert response.status_code == 302
    # A common certification typed by name is its checkbox's code; the engine compares names exactly.
    assert _saved_certifications(session, student) == ["CNA", "Lifeguard", "cpr", "first-aid", "lifeguard"]
    page = client.get("/student/profile").get_data(as_text=True)
    assert input_values(page, "certifications", checked_only=True) == ["cpr", "first-aid"]
    assert input_values(page, "other_certifications") == ["CNA, Lifeguard, lifeguard"]


@pytest.mark.parametrize("typed, message", [
    ("Lifeguard, " + "x" * 41, "at most 40 characters"),
    ("CPR <AED>", "cannot contain “&lt;” or “&gt;”"),
    ("---", "needs at least one letter or digit"),
    (", ".join(f"Certificate {n}" for n in range(21)), "List at most 20 certifications."),
    ("x" * 900, "Too long: list at most 20 certifications"),
])
@pytest.mark.parametrize("other_mistake", [{}, {"home_zip": ""}], ids=["alone", "with-another-mistake"])
def test_bad_certification_names_are_shown_beside_the_field_and_nothing_is_saved(client, student, session, typed,
                                                                                message, other_mistake):
    student.certifications = ["Lifeguard"]
    session.commit()
    response = client.post("/student/profile", data=profile_form(client, other_certifications=typed,
                                                                 **other_mistake))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(r'<small id="other_certifications-error" class="field-error">([^<]*)</small>', page)
    assert error and message in error.group(1)
    assert 'aria-describedby="other_certifications-hint other_certifications-error"' in page
    assert _saved_certifications(session, student) == ["Lifeguard"]

