"""Schools and employers of a consortium, with employers' contact people."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, latitude_check, longitude_check, utcnow


class School(Base):
    """A high school whose students take part in the consortium's rounds."""

    __tablename__ = "schools"
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "cds_code", name="uq_schools_consortium_cds"),
        sa.UniqueConstraint("id", "consortium_id", name="uq_schools_id_consortium"),
        latitude_check("lat"),
        longitude_check("lon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    #: 14-digit County-District-School code of the California Department of Education (text).
    cds_code: Mapped[str] = mapped_column(sa.String(14))
    name: Mapped[str] = mapped_column(sa.String(200))
    district: Mapped[Optional[str]] = mapped_column(sa.String(200))
    county: Mapped[Optional[str]] = mapped_column(sa.String(100))
    city: Mapped[Optional[str]] = mapped_column(sa.String(100))
    zip: Mapped[Optional[str]] = mapped_column(sa.String(10))
    lat: Mapped[Optional[float]] = mapped_column(sa.Float)
    lon: Mapped[Optional[float]] = mapped_column(sa.Float)


class Employer(Base):
    """An organisation that offers work-based learning slots."""

    __tablename__ = "employers"
    __table_args__ = (
        sa.UniqueConstraint("consortium_id", "external_id", name="uq_employers_consortium_external"),
        sa.UniqueConstraint("id", "consortium_id", name="uq_employers_id_consortium"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    #: Identifier in the intermediary's own records (CRM, spreadsheet); used by bulk import.
    external_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[Optional[str]] = mapped_column(sa.Text)
    website: Mapped[Optional[str]] = mapped_column(sa.String(300))
    address: Mapped[Optional[str]] = mapped_column(sa.String(300))
    city: Mapped[Optional[str]] = mapped_column(sa.String(100))
    zip: Mapped[Optional[str]] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list["EmployerContact"]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="EmployerContact.id")
    slots: Mapped[list["Slot"]] = relationship(back_populates="employer")  # noqa: F821
    users: Mapped[list["User"]] = relationship(back_populates="employer")  # noqa: F821


class EmployerContact(Base):
    """A person at the employer whom the intermediary can reach."""

    __tablename__ = "employer_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[Optional[str]] = mapped_column(sa.String(200))
    email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    phone: Mapped[Optional[str]] = mapped_column(sa.String(40))
    is_primary: Mapped[bool] = mapped_column(sa.Boolean, default=False)

    employer: Mapped[Employer] = relationship(back_populates="contacts")
