"""The migrations and the models describe the same schema, on SQLite and on PostgreSQL."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from wbl_match import create_app
from wbl_match.config import TestConfig
from wbl_match.extensions import db
from wbl_match.models.base import Base
from wbl_match.reference import PATHWAY_BY_CODE, SECTORS
from tests.conftest import drop_postgres_database, fresh_postgres_database

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not os.environ.get("WBL_TEST_DATABASE_URL"), reason="WBL_TEST_DATABASE_URL is not set"))]


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
    else:
        url = fresh_postgres_database(f"migrations_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}")
    app = create_app(TestConfig(url, tmp_path / "instance"))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


def test_upgrade_from_empty_leaves_nothing_for_autogenerate_to_find(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_upgrade_writes_the_fifteen_sectors_and_their_pathways(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        sectors = connection.execute(sa.text("SELECT code FROM sectors ORDER BY position")).scalars().all()
        pathways = connection.execute(sa.text("SELECT count(*) FROM pathways")).scalar_one()
    assert sectors == [sector.code for sector in SECTORS]
    assert pathways == len(PATHWAY_BY_CODE)


def test_downgrade_to_empty_removes_every_table(empty_app):
    upgrade()
    downgrade(revision="base")
    with db.engine.connect() as connection:
        remaining = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_upgrading_a_database_that_holds_students_keeps_every_row_that_refers_to_them(empty_app):
    """A later migration that alters ``student_profiles`` must not cascade-delete what refers to it."""
    upgrade(revision="0002")
    statements = [
        "INSERT INTO consortia (id, slug, name, created_at) VALUES (1, 'c', 'C', CURRENT_TIMESTAMP)",
        "INSERT INTO schools (id, consortium_id, cds_code, name) VALUES (1, 1, '10101080000000', 'S')",
        "INSERT INTO student_profiles (id, consortium_id, school_id, external_id, first_name, last_name, grade,"
        " certifications, created_at, updated_at) VALUES (1, 1, 1, 'X1', 'A', 'B', 11, '[]', CURRENT_TIMESTAMP,"
        " CURRENT_TIMESTAMP)",
        "INSERT INTO student_sector_interests (student_id, sector_code, rank)"
        " VALUES (1, 'health-science-medical-technology', 1)",
        "INSERT INTO student_availability (id, student_id, day, start_minute, end_minute) VALUES (1, 1, 0, 900, 1080)",
        "INSERT INTO student_demographics (student_id) VALUES (1)",
    ]
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))
    upgrade()
    with db.engine.connect() as connection:
        counts = [connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                  for table in ("student_profiles", "student_sector_interests", "student_availability",
                                "student_demographics")]
        enforced = connection.exec_driver_sql("PRAGMA foreign_keys").scalar() if db.engine.dialect.name == "sqlite" \
            else 1
    assert counts == [1, 1, 1, 1]
    assert enforced == 1
