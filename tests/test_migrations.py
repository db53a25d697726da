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
