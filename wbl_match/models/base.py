"""Declarative base, naming convention and column helpers shared by every model."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

#: Deterministic constraint names, so that Alembic can alter them on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every wbl_match table."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)


def enum_column(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column stored as its string values, guarded by a CHECK constraint."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_cls),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def latitude_check(column: str) -> sa.CheckConstraint:
    """CHECK that a nullable latitude column lies in -90..90."""
    return sa.CheckConstraint(f"{column} IS NULL OR ({column} >= -90 AND {column} <= 90)", name=f"{column}_range")


def longitude_check(column: str) -> sa.CheckConstraint:
    """CHECK that a nullable longitude column lies in -180..180."""
    return sa.CheckConstraint(
        f"{column} IS NULL OR ({column} >= -180 AND {column} <= 180)", name=f"{column}_range"
    )


Timestamp = sa.DateTime(timezone=True)
