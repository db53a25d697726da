"""Internship slots that employers post, with their weekly schedule."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, enum_column, latitude_check, longitude_check, utcnow
from wbl_match.models.enums import SlotStatus
from wbl_match.models.intervals import WeeklyIntervalMixin


class Slot(Base):
    """A work-based learning opportunity for ``capacity`` students at one employer."""

    __tablename__ = "slots"
    __table_args__ = (
        sa.ForeignKeyConstraint(["employer_id", "consortium_id"], ["employers.id", "employers.consortium_id"],
                                name="fk_slots_employer_same_consortium"),
        sa.UniqueConstraint("consortium_id", "external_id", name="uq_slots_consortium_external"),
        sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
        sa.CheckConstraint("min_grade IS NULL OR (min_grade >= 9 AND min_grade <= 12)", name="min_grade_range"),
        sa.CheckConstraint("min_age IS NULL OR (min_age >= 14 AND min_age <= 25)", name="min_age_range"),
        sa.CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_end >= term_start", name="term_order"),
        sa.CheckConstraint("is_remote OR (site_lat IS NOT NULL AND site_lon IS NOT NULL)", name="site_located"),
        sa.CheckConstraint("status <> 'open' OR safety_attested_at IS NOT NULL", name="open_needs_attestation"),
        sa.CheckConstraint("hourly_wage_cents IS NULL OR hourly_wage_cents >= 0", name="wage_not_negative"),
        latitude_check("site_lat"),
        longitude_check("site_lon"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    external_id: Mapped[Optional[str]] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    sector_code: Mapped[str] = mapped_column(sa.ForeignKey("sectors.code"), index=True)
    pathway_code: Mapped[Optional[str]] = mapped_column(sa.ForeignKey("pathways.code"))
    #: Other pathways the slot is also meant for (rule 8), codes; the slot's ``pathway_code`` always counts.
    extra_pathway_codes: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    site_address: Mapped[Optional[str]] = mapped_column(sa.String(300))
    site_city: Mapped[Optional[str]] = mapped_column(sa.String(100))
    site_zip: Mapped[Optional[str]] = mapped_column(sa.String(10))
    site_lat: Mapped[Optional[float]] = mapped_column(sa.Float)
    site_lon: Mapped[Optional[float]] = mapped_column(sa.Float)
    is_remote: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    term_start: Mapped[Optional[date]] = mapped_column(sa.Date)
    term_end: Mapped[Optional[date]] = mapped_column(sa.Date)
    #: How many students the slot takes (at least one).
    capacity: Mapped[int] = mapped_column(sa.Integer)
    is_paid: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    hourly_wage_cents: Mapped[Optional[int]] = mapped_column(sa.Integer)
    min_grade: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    min_age: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    #: Certification codes a student must hold, e.g. ``["cpr", "food-handler"]``.
    required_certifications: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    what_to_bring: Mapped[Optional[str]] = mapped_column(sa.Text)
    status: Mapped[SlotStatus] = mapped_column(enum_column(SlotStatus, "slot_status"), default=SlotStatus.DRAFT)
    #: When the employer attested supervision and insurance; required before the slot can open.
    safety_attested_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    safety_attested_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    employer: Mapped["Employer"] = relationship(back_populates="slots")  # noqa: F821
    shifts: Mapped[list["SlotShift"]] = relationship(
        back_populates="slot", cascade="all, delete-orphan",
        order_by="(SlotShift.day, SlotShift.start_minute)")


class SlotShift(WeeklyIntervalMixin, Base):
    """One weekly interval in which the slot's student works."""

    __tablename__ = "slot_shifts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"), index=True)

    slot: Mapped[Slot] = relationship(back_populates="shifts")
