"""The demo consortium is real geography, believable, and the same for the same seed."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from wbl_match.models import Consortium, Employer, Role, School, Slot, StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.reference import PATHWAY_BY_CODE
from wbl_match.services.demo import DEMO_PASSWORD, DemoAlreadySeeded, catalogue, geography, seed_demo
from tests.conftest import _empty_tables as empty_tables, login


@pytest.fixture
def small_demo(app, session):
    return seed_demo(session, get_passwords(app), seed=7, students=200, employers=30, slots=80)


def _digest(session) -> str:
    rows = session.execute(sa.select(StudentProfile.external_id, StudentProfile.first_name, StudentProfile.home_lat,
                                     StudentProfile.home_lon, StudentProfile.max_minutes)
                           .order_by(StudentProfile.external_id)).all()
    rows += session.execute(sa.select(Slot.external_id, Slot.title, Slot.capacity, Slot.site_lat)
                            .order_by(Slot.external_id)).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_same_seed_builds_the_same_consortium(app, session):
    first = seed_demo(session, get_passwords(app), seed=11, students=60, employers=10, slots=20)
    digest = _digest(session)
    session.commit()
    empty_tables()
    second = seed_demo(session, get_passwords(app), seed=11, students=60, employers=10, slots=20)
    assert _digest(session) == digest
    assert (first.students, first.slots) == (second.students, second.slots)


def test_the_demo_uses_the_real_high_schools_of_tulare_and_kings_counties(small_demo, session):
    schools = session.scalars(sa.select(School)).all()
    assert {s.county for s in schools} == {"Tulare", "Kings"}
    names = {s.name for s in schools}
    assert {"Hanford High", "Mt. Whitney High", "Porterville High"} <= names
    assert all(len(s.cds_code) == 14 for s in schools)


def test_students_live_near_their_school(small_demo, session):
    for student in session.scalars(sa.select(StudentProfile)):
        school = student.school
        assert geography.haversine_km(student.home_lat, student.home_lon, school.lat, school.lon) <= 14.01


def test_every_slot_pathway_belongs_to_its_sector(small_demo, session):
    for slot in session.scalars(sa.select(Slot)):
        assert PATHWAY_BY_CODE[slot.pathway_code].sector_code == slot.sector_code
    for _, kind in catalogue.EMPLOYER_KINDS:
        assert PATHWAY_BY_CODE[kind.pathway].sector_code == kind.sector


def test_the_demo_has_the_requested_size_and_every_slot_has_a_schedule(small_demo, session):
    assert session.scalar(sa.select(sa.func.count(StudentProfile.id))) == 200
    assert session.scalar(sa.select(sa.func.count(Employer.id))) == 30
    slots = session.scalars(sa.select(Slot)).all()
    assert len(slots) == 80
    assert all(slot.shifts for slot in slots)
    assert len({slot.sector_code for slot in slots}) >= 8


def test_each_demo_login_reaches_its_role_home(small_demo, app, session):
    homes = {Role.ADMIN: "/admin/", Role.INTERMEDIARY: "/intermediary/", Role.EMPLOYER: "/employer/",
             Role.STUDENT: "/student/"}
    for demo_login in small_demo.logins:
        client = app.test_client()
        user = session.scalar(sa.select(User).where(User.email == demo_login.email))
        assert login(client, user, password=DEMO_PASSWORD).status_code == 302
        assert client.get(homes[demo_login.role]).status_code == 200


def test_seeding_twice_is_refused(small_demo, app, session):
    with pytest.raises(DemoAlreadySeeded):
        seed_demo(session, get_passwords(app), seed=7, students=10, employers=2, slots=2)
    assert session.scalar(sa.select(sa.func.count(Consortium.id))) == 1


def test_seed_demo_command_with_if_empty_does_nothing_the_second_time(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--students", "20", "--employers", "5", "--slots", "10"])
    assert first.exit_code == 0, first.output
    assert "coordinator@south-valley.example.org" in first.output
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert second.exit_code == 0 and "already" in second.output
    third = runner.invoke(args=["seed-demo"])
    assert third.exit_code == 2 and "exists already" in third.output
