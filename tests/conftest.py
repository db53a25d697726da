"""Shared fixtures: one migrated database per test session, emptied after every test.

SQLite (a file in a temporary folder) by default; PostgreSQL when ``WBL_TEST_DATABASE_URL`` is set,
in a fresh database per test worker created on that server.
"""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from wbl_match import create_app
from wbl_match.config import TestConfig, normalise_database_url
from wbl_match.extensions import db, limiter
from wbl_match.models import (
    Consortium, Employer, Role, School, Slot, SlotShift, SlotStatus, StudentAvailability, StudentProfile,
    StudentSectorInterest, TravelMode, User,
)
from wbl_match.models.base import Base, utcnow
from wbl_match.passwords import get_passwords

TEST_PASSWORD = "correct horse battery staple"
REFERENCE_TABLES = {"sectors", "pathways", "alembic_version"}


def _on_postgres_server(url, *statements: str) -> None:
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    admin.dispose()


def fresh_postgres_database(worker: str) -> str | None:
    """A new database on the PostgreSQL server for this test process (unique, so parallel runs never meet)."""
    base = os.environ.get("WBL_TEST_DATABASE_URL")
    if not base:
        return None
    url = make_url(normalise_database_url(base))
    name = f"wbl_test_{worker}_{os.getpid()}"
    _on_postgres_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(test_url: str) -> None:
    url = make_url(test_url)
    server = url.set(database=make_url(normalise_database_url(os.environ["WBL_TEST_DATABASE_URL"])).database)
    _on_postgres_server(server, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


def pytest_report_header(config):
    target = os.environ.get("WBL_TEST_DATABASE_URL")
    if target:
        return f"wbl_match test database: PostgreSQL at {make_url(target).render_as_string()}"
    return "wbl_match test database: SQLite (set WBL_TEST_DATABASE_URL to test PostgreSQL)"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A migrated, empty database for this test session (per xdist worker)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    postgres_url = fresh_postgres_database(worker)
    url = postgres_url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app(TestConfig(url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    yield url
    if postgres_url:
        drop_postgres_database(postgres_url)


def _empty_tables() -> None:
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                conn.execute(table.delete())


class FreshContextClient(FlaskClient):
    """Runs each request in its own application context, as a real server does.

    The fixtures keep an app context open for the test's own queries; without this, requests would share
    its ``g`` (and Flask-Login's cached user) across clients.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_url, tmp_path):
    """A fresh application on the session's database; every table but the reference data is emptied after."""
    application = create_app(TestConfig(database_url, tmp_path / "instance"))
    application.test_client_class = FreshContextClient
    limiter.reset()
    with application.app_context():
        yield application
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def session(app):
    return db.session


@pytest.fixture
def make_consortium(session) -> Callable[..., Consortium]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> Consortium:
        n = next(counter)
        consortium = Consortium(slug=fields.pop("slug", f"consortium-{n}"), name=fields.pop("name", f"Consortium {n}"),
                                **fields)
        session.add(consortium)
        session.commit()
        return consortium

    return make


@pytest.fixture
def consortium(make_consortium) -> Consortium:
    return make_consortium(name="Home Valley Consortium")


@pytest.fixture
def make_school(session, consortium) -> Callable[..., School]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> School:
        n = next(counter)
        values = dict(consortium_id=consortium.id, cds_code=f"5471{n:010d}", name=f"School {n}", city="Visalia",
                      lat=36.33, lon=-119.29)
        values.update(fields)
        school = School(**values)
        session.add(school)
        session.commit()
        return school

    return make


@pytest.fixture
def make_employer(session, consortium) -> Callable[..., Employer]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> Employer:
        values = dict(consortium_id=consortium.id, name=f"Employer {next(counter)}", city="Visalia")
        values.update(fields)
        employer = Employer(**values)
        session.add(employer)
        session.commit()
        return employer

    return make


@pytest.fixture
def make_user(app, session, consortium, make_employer) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.INTERMEDIARY, **fields) -> User:
        n = next(counter)
        values = dict(consortium_id=consortium.id, email=f"{role.value}{n}@example.org", name=f"{role.label} {n}",
                      role=role, password_hash=get_passwords(app).hash(TEST_PASSWORD), session_version=1)
        values.update(fields)
        if role is Role.EMPLOYER and "employer_id" not in values:
            values["employer_id"] = make_employer(consortium_id=values["consortium_id"]).id
        user = User(**values)
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def make_slot(session, consortium, make_employer) -> Callable[..., Slot]:
    def make(shifts=((0, 15 * 60, 17 * 60),), **fields) -> Slot:
        values = dict(consortium_id=consortium.id, title="Clinic assistant", capacity=2,
                      sector_code="health-science-medical-technology", site_lat=36.33, site_lon=-119.30,
                      status=SlotStatus.OPEN, safety_attested_at=utcnow(), term_start=date(2027, 6, 14),
                      term_end=date(2027, 7, 30))
        values.update(fields)
        if "employer_id" not in values:
            values["employer_id"] = make_employer(consortium_id=values["consortium_id"]).id
        slot = Slot(**values)
        slot.shifts = [SlotShift(day=d, start_minute=s, end_minute=e) for d, s, e in shifts]
        session.add(slot)
        session.commit()
        return slot

    return make


@pytest.fixture
def make_student(session, consortium, make_school) -> Callable[..., StudentProfile]:
    counter = iter(range(1, 10_000))

    def make(sectors=("health-science-medical-technology",), availability=((0, 15 * 60, 18 * 60),),
             **fields) -> StudentProfile:
        n = next(counter)
        values = dict(consortium_id=consortium.id, external_id=f"S{n:06d}", first_name=f"Student{n}",
                      last_name="Example", grade=11, date_of_birth=date(2010, 5, 1), home_zip="93291",
                      home_lat=36.33, home_lon=-119.29, travel_mode=TravelMode.CAR, max_km=20.0)
        values.update(fields)
        if "school_id" not in values:
            values["school_id"] = make_school(consortium_id=values["consortium_id"]).id
        student = StudentProfile(**values)
        student.interests = [StudentSectorInterest(sector_code=code, rank=i) for i, code in enumerate(sectors, 1)]
        student.availability = [StudentAvailability(day=d, start_minute=s, end_minute=e) for d, s, e in availability]
        session.add(student)
        session.commit()
        return student

    return make


def login(client, user: User, password: str = TEST_PASSWORD):
    """Sign ``user`` in through the real login form (with its CSRF token)."""
    data = {"email": user.email, "password": password}
    if client.application.config.get("WTF_CSRF_ENABLED", True):
        data["csrf_token"] = _csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data=data)


def _csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


csrf_token_from = _csrf_token


def input_values(html: str, name: str, checked_only: bool = False) -> list[str]:
    """The values of the page's ``<input name=...>`` elements (only the checked ones with ``checked_only``)."""
    import html as markup
    import re

    tags = re.findall(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    values = [re.search(r'\bvalue="([^"]*)"', tag) for tag in tags
              if not checked_only or re.search(r"\schecked\b", tag)]
    return [markup.unescape(value.group(1)) if value else "" for value in values]


@pytest.fixture
def signed_in(client, make_user):
    """Sign in a new user of the given role and return them: ``user = signed_in(Role.STUDENT)``."""

    def sign_in(role: Role, **fields) -> User:
        user = make_user(role, **fields)
        response = login(client, user)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return sign_in
