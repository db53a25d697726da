"""Match rounds: who takes part, what they ranked, each solve, and the placements that result."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, enum_column, utcnow
from wbl_match.models.enums import Mechanism, PlacementStatus, RoundState, SectorRule, SolveStatus

round_schools = sa.Table(
    "round_schools", Base.metadata,
    sa.Column("round_id", sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("school_id", sa.ForeignKey("schools.id"), primary_key=True),
)

round_slots = sa.Table(
    "round_slots", Base.metadata,
    sa.Column("round_id", sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("slot_id", sa.ForeignKey("slots.id"), primary_key=True),
)


class MatchRound(Base):
    """One matching exercise of a consortium, with its policy and lifecycle state."""

    __tablename__ = "match_rounds"
    __table_args__ = (
        sa.CheckConstraint("max_ranked >= 1 AND max_ranked <= 20", name="max_ranked_range"),
        sa.CheckConstraint("term_end IS NULL OR term_start IS NULL OR term_end >= term_start", name="term_order"),
        sa.CheckConstraint("term_kind IN ('auto', 'school', 'vacation')", name="term_kind_choice"),
        sa.CheckConstraint("pathway_rule IN ('off', 'preferred', 'required')", name="pathway_rule_choice"),
        sa.CheckConstraint("max_week_hours IS NULL OR (max_week_hours > 0 AND max_week_hours <= 168)",
                           name="max_week_hours_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    term_start: Mapped[Optional[date]] = mapped_column(sa.Date)
    term_end: Mapped[Optional[date]] = mapped_column(sa.Date)
    state: Mapped[RoundState] = mapped_column(enum_column(RoundState, "round_state"), default=RoundState.DRAFT)
    mechanism: Mapped[Mechanism] = mapped_column(enum_column(Mechanism, "mechanism"), default=Mechanism.OPTIMAL)
    sector_rule: Mapped[SectorRule] = mapped_column(enum_column(SectorRule, "sector_rule"),
                                                    default=SectorRule.REQUIRED)
    only_ranked: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: How many slots a student may rank.
    max_ranked: Mapped[int] = mapped_column(sa.SmallInteger, default=5)
    employers_rank: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    #: Apply the consortium's work-hour limits for minors (rule 7) when matching.
    apply_work_limits: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    #: ``school``, ``vacation``, or ``auto``: vacation when the whole term lies in June 1 – Labor Day.
    term_kind: Mapped[str] = mapped_column(sa.String(10), default="auto", server_default="auto")
    #: The programme's own cap on a slot's weekly hours, for every student (rule 7); NULL: none.
    max_week_hours: Mapped[Optional[float]] = mapped_column(sa.Float)
    #: Rule 8: ``off``, ``preferred`` or ``required``.
    pathway_rule: Mapped[str] = mapped_column(sa.String(10), default="off", server_default="off")
    ranking_closes_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    offers_expire_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    schools: Mapped[list["School"]] = relationship(secondary=round_schools)  # noqa: F821
    slots: Mapped[list["Slot"]] = relationship(secondary=round_slots)  # noqa: F821
    solves: Mapped[list["SolveRun"]] = relationship(back_populates="round", order_by="SolveRun.id")


class Preference(Base):
    """A student's ranking of one slot in a round (rank 1 = most wanted)."""

    __tablename__ = "preferences"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "student_id", "rank", name="uq_preferences_student_rank"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                            primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(sa.SmallInteger)


class EmployerRanking(Base):
    """An employer's ranking of one applicant for one slot, in rounds where employers rank."""

    __tablename__ = "employer_rankings"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "slot_id", "rank", name="uq_employer_rankings_slot_rank"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                            primary_key=True)
    rank: Mapped[int] = mapped_column(sa.SmallInteger)


class RoundExclusion(Base):
    """A student–slot pair the intermediary ruled out for this round."""

    __tablename__ = "round_exclusions"

    round_id: Mapped[int] = mapped_column(sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                            primary_key=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[Optional[str]] = mapped_column(sa.String(500))
    created_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))


class SolveRun(Base):
    """One run of the engine on a round: the exact input, the output and the engine version.

    At most one solve of a round is queued or running at a time (partial unique index).
    """

    __tablename__ = "solve_runs"
    __table_args__ = (
        sa.Index("uq_solve_runs_one_active_per_round", "round_id", unique=True,
                 sqlite_where=sa.text("status IN ('queued', 'running')"),
                 postgresql_where=sa.text("status IN ('queued', 'running')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    status: Mapped[SolveStatus] = mapped_column(enum_column(SolveStatus, "solve_status"),
                                                default=SolveStatus.QUEUED)
    #: True for a follow-up solve that keeps accepted placements fixed.
    is_rematch: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    requested_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    finished_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: Short progress text shown while the solve runs.
    progress: Mapped[Optional[str]] = mapped_column(sa.String(200))
    engine_version: Mapped[Optional[str]] = mapped_column(sa.String(40))
    #: The ``wbl-match-round/1`` document given to the engine.
    round_file: Mapped[Optional[dict[str, Any]]] = mapped_column(sa.JSON)
    #: The ``wbl-match-result/1`` document the engine returned.
    result: Mapped[Optional[dict[str, Any]]] = mapped_column(sa.JSON)
    error: Mapped[Optional[str]] = mapped_column(sa.Text)
    #: Touched by the running job every few seconds; a running solve without it for a while is taken as killed.
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: The round's state before the solve (``RoundState`` value): a failed or cancelled solve returns to it.
    previous_state: Mapped[Optional[str]] = mapped_column(sa.String(10))
    #: The job backend's id for the job running this solve (RQ), to read its own failure signal.
    job_id: Mapped[Optional[str]] = mapped_column(sa.String(64))

    round: Mapped[MatchRound] = relationship(back_populates="solves")


class Placement(Base):
    """A student placed in a slot by a round, and what became of the offer."""

    __tablename__ = "placements"
    __table_args__ = (
        sa.Index("uq_placements_one_active_per_student", "round_id", "student_id", unique=True,
                 sqlite_where=sa.text("status IN ('proposed', 'offered', 'accepted')"),
                 postgresql_where=sa.text("status IN ('proposed', 'offered', 'accepted')")),
        sa.CheckConstraint("cost IS NULL OR cost >= 0", name="cost_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("match_rounds.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id"), index=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slots.id"), index=True)
    solve_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("solve_runs.id"))
    cost: Mapped[Optional[int]] = mapped_column(sa.Integer)
    status: Mapped[PlacementStatus] = mapped_column(enum_column(PlacementStatus, "placement_status"),
                                                    default=PlacementStatus.PROPOSED)
    #: Set by the intermediary: the next solve must keep this pair.
    pinned: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    offered_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    expires_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    responded_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    responded_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"))
    response_reason: Mapped[Optional[str]] = mapped_column(sa.String(500))

    round: Mapped[MatchRound] = relationship()
    student: Mapped["StudentProfile"] = relationship()  # noqa: F821
    slot: Mapped["Slot"] = relationship()  # noqa: F821
