"""Certification names: one rule and one normal form for the portals, bulk import and the API, so that the
engine's exact comparison matches a student's certification to a slot's requirement however each came in."""
from __future__ import annotations

from datetime import date

import pytest

from wbl_match.models import Role
from wbl_match.services.students import profiles
from wbl_match.services.employers import slots
from wbl_match.domain.certifications import (
    MAX_COUNT, certification_problem, certification_problems, normalise_certification, normalise_certifications,
    split_certifications,
)
from wbl_match.services.students.eligibility import eligible_slots
from wbl_match.services.errors import FieldErrors

HEALTH = "health-science-medical-technology"


@pytest.mark.parametrize("name, normal", [
    ("cpr", "cpr"), ("CPR", "cpr"), ("  first   AID ", "first-aid"), ("Work permit (Form B1-4)", "work-permit"),
    ("Driver’s license", "drivers-license"), ("OSHA-10", "osha-10"),
    ("Lifeguard (Red Cross)", "Lifeguard (Red Cross)"), (" BLS\tProvider ", "BLS Provider"),
    ("Te\u0301cnico", "T\u00e9cnico"), ("   ", ""),
])
def test_the_normal_form(name, normal):
    assert normalise_certification(name) == normal


def test_a_list_is_normalised_once_sorted_without_blanks():
    assert normalise_certifications(["Lifeguard", " CPR", "cpr", "", "lifeguard", "Lifeguard "]) == [
        "Lifeguard", "cpr", "lifeguard"]
    assert split_certifications(" Lifeguard, CNA;; cpr ,") == ["Lifeguard", "CNA", "cpr"]


@pytest.mark.parametrize("name, message", [
    ("Lifeguard (Red Cross)", None), ("C++ & Java: OCA #1", None), ("Técnico en farmacia", None),
    ("x" * 40, None), ("x" * 41, "at most 40 characters"), (" " + "x" * 40, "at most 40 characters"),
    ("CPR, AED", "cannot contain “,”"), ("a;b", "cannot contain “;”"), ("<b>", "cannot contain “<” or “>”"),
    ("nul\x00", "cannot contain U+0000"), ("--", "needs at least one letter or digit"), ("", "cannot be blank"),
])
def test_the_rule_for_one_name(name, message):
    problem = certification_problem(name)
    assert (problem is None) if message is None else (message in problem)


def test_a_list_may_hold_at_most_max_count_names_counted_once_each():
    assert certification_problems([f"Cert {n}" for n in range(MAX_COUNT)] + ["Cert 0", " ", "cpr", "CPR"]) == [
        f"List at most {MAX_COUNT} certifications."]
    assert certification_problems([f"Cert {n}" for n in range(MAX_COUNT - 1)] + ["cpr", "CPR"]) == []


def test_a_requirement_posted_by_name_matches_a_certification_typed_differently(session, make_user, make_student):
    employer_user, student_user = make_user(Role.EMPLOYER), make_user(Role.STUDENT)
    slot = slots.post_slot(session, employer_user, employer_user.employer, slots.SlotInput(
        title="Pool helper", sector_code=HEALTH, capacity=1, schedule=[(0, 900, 1020)], site_zip="93291",
        term_start=date(2027, 6, 14), term_end=date(2027, 7, 30), safety_attested=True,
        required_certifications=["Lifeguard ", "CPR"]))
    slots.open_slot(session, employer_user, slot)
    assert slot.required_certifications == ["Lifeguard", "cpr"]
    student = make_student(user_id=student_user.id, sectors=(HEALTH,))
    profiles.update_profile(session, student_user, student, profiles.ProfileInput(
        pathway_code=None, sectors=[HEALTH], home_zip="93291", travel_mode="car", availability=[(0, 840, 1080)],
        max_km=20.0, certifications=["cpr", "  Lifeguard"]))
    assert student.certifications == ["Lifeguard", "cpr"]
    assert [e.slot.id for e in eligible_slots(session, student)] == [slot.id]


def test_a_certification_in_another_case_still_meets_the_requirement(session, make_user, make_student):
    employer_user, student_user = make_user(Role.EMPLOYER), make_user(Role.STUDENT)
    slot = slots.post_slot(session, employer_user, employer_user.employer, slots.SlotInput(
        title="Pool helper", sector_code=HEALTH, capacity=1, schedule=[(0, 900, 1020)], site_zip="93291",
        term_start=date(2027, 6, 14), term_end=date(2027, 7, 30), safety_attested=True,
        required_certifications=["Lifeguard (Red Cross)"]))
    slots.open_slot(session, employer_user, slot)
    student = make_student(user_id=student_user.id, sectors=(HEALTH,))
    profiles.update_profile(session, student_user, student, profiles.ProfileInput(
        pathway_code=None, sectors=[HEALTH], home_zip="93291", travel_mode="car", availability=[(0, 840, 1080)],
        max_km=20.0, certifications=["lifeguard (red cross)"]))
    assert student.certifications == ["lifeguard (red cross)"]  # stored as typed
    assert [e.slot.id for e in eligible_slots(session, student)] == [slot.id]


def test_the_services_refuse_bad_names_on_the_certification_field_and_write_nothing(session, make_user,
                                                                                    make_student):
    student_user = make_user(Role.STUDENT)
    student = make_student(user_id=student_user.id, certifications=["Lifeguard"])
    with pytest.raises(FieldErrors) as caught:
        profiles.update_profile(session, student_user, student, profiles.ProfileInput(
            pathway_code=None, sectors=[HEALTH], home_zip="93291", travel_mode="car", availability=[(0, 840, 1080)],
            max_km=20.0, certifications=["cpr", "CPR, AED"]))
    assert list(caught.value.errors) == ["certifications"]
    session.rollback()
    assert student.certifications == ["Lifeguard"]
    employer_user = make_user(Role.EMPLOYER)
    with pytest.raises(FieldErrors) as caught:
        slots.post_slot(session, employer_user, employer_user.employer, slots.SlotInput(
            title="Pool helper", sector_code=HEALTH, capacity=1, schedule=[(0, 900, 1020)], site_zip="93291",
            required_certifications=["x" * 41]))
    assert list(caught.value.errors) == ["required_certifications"]
