"""After the match: a placement's readiness checklist, its hours, evaluations and how it ended.

A placement a student accepted (``placements.status = 'accepted'``) gets one ``PlacementProgress`` row that
carries the after-acceptance state (``AfterState``: preparing, ready, started, completed, ended early);
the round lifecycle's own statuses stay on ``placements``.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, enum_column, utcnow


class AfterState(str, enum.Enum):
    """Where an accepted placement stands. ``services/placements/lifecycle.py`` holds the moves."""

    PREPARING = "preparing"
    READY = "ready"
    STARTED = "started"
    COMPLETED = "completed"
    ENDED_EARLY = "ended_early"

    @property
    def label(self) -> str:
        return {"preparing": "Getting ready", "ready": "Ready to start", "started": "Started",
                "completed": "Completed", "ended_early": "Ended early"}[self.value]


class ReadinessKind(str, enum.Enum):
    """The checklist items built in; a consortium chooses which of them a placement needs."""

    GUARDIAN_CONSENT = "guardian_consent"
    WORK_PERMIT = "work_permit"
    PLACEMENT_AGREEMENT = "placement_agreement"
    INSURANCE_CERTIFICATE = "insurance_certificate"
    SAFETY_ORIENTATION = "safety_orientation"

    @property
    def label(self) -> str:
        return {"guardian_consent": "Guardian consent", "work_permit": "Work permit (minors)",
                "placement_agreement": "Training and placement agreement accepted by the employer",
                "insurance_certificate": "Employer's insurance certificate",
                "safety_orientation": "Safety orientation done"}[self.value]


class EvaluationKind(str, enum.Enum):
    MIDPOINT = "midpoint"
    FINAL = "final"

    @property
    def label(self) -> str:
        return {"midpoint": "Mid-point evaluation", "final": "Final evaluation"}[self.value]


class LinkPurpose(str, enum.Enum):
    GUARDIAN_CONSENT = "guardian_consent"
    HOURS_APPROVAL = "hours_approval"


class ReadinessRequirement(Base):
    """A consortium's choice of whether a checklist kind is required (no row: the built-in default)."""

    __tablename__ = "readiness_requirements"

    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[ReadinessKind] = mapped_column(enum_column(ReadinessKind, "readiness_kind"), primary_key=True)
    #: On the checklist at all.
    asked: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: Required before the placement can start; otherwise shown but optional.
    required: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    #: Asked only of students under 18 on the placement's start date.
    minors_only: Mapped[bool] = mapped_column(sa.Boolean, default=False)


class PlacementProgress(Base):
    """The after-acceptance record of one accepted placement."""

    __tablename__ = "placement_progress"
    __table_args__ = (
        sa.CheckConstraint("state <> 'ended_early' OR end_reason IS NOT NULL", name="ended_early_has_reason"),
        sa.CheckConstraint("state NOT IN ('completed', 'ended_early') OR ended_on IS NOT NULL",
                           name="ended_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id", ondelete="CASCADE"), unique=True)
    state: Mapped[AfterState] = mapped_column(enum_column(AfterState, "after_state"), default=AfterState.PREPARING)
    #: The first working day; the slot's term start until the coordinator sets another.
    start_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    started_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    ended_on: Mapped[Optional[date]] = mapped_column(sa.Date)
    end_reason: Mapped[Optional[str]] = mapped_column(sa.String(500))
    #: The guardian's e-mail address, for the consent link.
    guardian_email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    reflection: Mapped[Optional[str]] = mapped_column(sa.Text)
    reflected_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The employer's answer to "would you host a student again?" (None: not answered).
    would_host_again: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
    #: Reminders already sent, by key (``"readiness:2027-03-01"``): none is sent twice.
    reminders: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    items: Mapped[list["ReadinessItem"]] = relationship(back_populates="progress", cascade="all, delete-orphan",
                                                        order_by="ReadinessItem.id")
    hours: Mapped[list["HoursEntry"]] = relationship(back_populates="progress", cascade="all, delete-orphan",
                                                     order_by="HoursEntry.work_date")
    evaluations: Mapped[list["PlacementEvaluation"]] = relationship(
        back_populates="progress", cascade="all, delete-orphan", order_by="PlacementEvaluation.due_on")


class ReadinessItem(Base):
    """One checklist item of a placement and what was recorded to tick it."""

    __tablename__ = "readiness_items"
    __table_args__ = (sa.UniqueConstraint("progress_id", "kind", name="uq_readiness_items_progress_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(sa.ForeignKey("placement_progress.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ReadinessKind] = mapped_column(enum_column(ReadinessKind, "readiness_kind"))
    required: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    done_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    done_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    #: What was recorded: a permit's number, hours and expiry; a certificate's expiry; a consent's signature.
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    progress: Mapped[PlacementProgress] = relationship(back_populates="items")


class HoursEntry(Base):
    """The minutes a student worked on one day of a placement, and the supervisor's approval of its week."""

    __tablename__ = "hours_entries"
    __table_args__ = (
        sa.UniqueConstraint("progress_id", "work_date", name="uq_hours_entries_progress_day"),
        sa.CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_in_a_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(sa.ForeignKey("placement_progress.id", ondelete="CASCADE"), index=True)
    work_date: Mapped[date] = mapped_column(sa.Date)
    minutes: Mapped[int] = mapped_column(sa.Integer)
    note: Mapped[Optional[str]] = mapped_column(sa.String(300))
    logged_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The employer's user who approved, or NULL when approved through a one-time link.
    approved_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    #: The supervisor's typed name when approved through a one-time link.
    approved_by_name: Mapped[Optional[str]] = mapped_column(sa.String(200))

    progress: Mapped[PlacementProgress] = relationship(back_populates="hours")


class PlacementEvaluation(Base):
    """The supervisor's mid-point or final evaluation, in the three categories of the CDE's template.

    Each category is rated 1 (does not meet expectations) to 4 (above expectations); NULL is "no
    opportunity to observe".
    """

    __tablename__ = "placement_evaluations"
    __table_args__ = (
        sa.UniqueConstraint("progress_id", "kind", name="uq_placement_evaluations_progress_kind"),
        *(sa.CheckConstraint(f"{c} IS NULL OR ({c} >= 1 AND {c} <= 4)", name=f"{c}_range")
          for c in ("foundational", "applied_workplace", "self_management", "overall")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    progress_id: Mapped[int] = mapped_column(sa.ForeignKey("placement_progress.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EvaluationKind] = mapped_column(enum_column(EvaluationKind, "evaluation_kind"))
    due_on: Mapped[date] = mapped_column(sa.Date)
    foundational: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    applied_workplace: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    self_management: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    #: The overall rating the state report carries.
    overall: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    comments: Mapped[Optional[str]] = mapped_column(sa.Text)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    submitted_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))

    progress: Mapped[PlacementProgress] = relationship(back_populates="evaluations")


class PlacementLink(Base):
    """A one-time link for someone without an account: a guardian's consent, a supervisor's week of hours.

    The token is only in the e-mailed link; the database keeps its SHA-256.
    """

    __tablename__ = "placement_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    progress_id: Mapped[int] = mapped_column(sa.ForeignKey("placement_progress.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(enum_column(LinkPurpose, "link_purpose"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    #: The Monday of the week a supervisor approves (hours links only).
    week_start: Mapped[Optional[date]] = mapped_column(sa.Date)
    expires_at: Mapped[datetime] = mapped_column(Timestamp)
    used_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)

    progress: Mapped[PlacementProgress] = relationship()
