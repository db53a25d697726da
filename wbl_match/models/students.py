"""Students' pathway profiles, their interests and availability, and equity data kept apart."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base, Timestamp, enum_column, latitude_check, longitude_check, utcnow
from wbl_match.models.enums import TravelMode, WithdrawalReason
from wbl_match.models.intervals import WeeklyIntervalMixin


class StudentProfile(Base):
    """What the matching needs to know about a student, and how to reach them."""

    __tablename__ = "student_profiles"
    __table_args__ = (
        sa.ForeignKeyConstraint(["school_id", "consortium_id"], ["schools.id", "schools.consortium_id"],
                                name="fk_student_profiles_school_same_consortium"),
        sa.UniqueConstraint("consortium_id", "external_id", name="uq_student_profiles_consortium_external"),
        sa.CheckConstraint("grade >= 9 AND grade <= 12", name="grade_range"),
        sa.CheckConstraint("max_km IS NULL OR (max_km > 0 AND max_km <= 500)", name="max_km_range"),
        sa.CheckConstraint("max_minutes IS NULL OR (max_minutes > 0 AND max_minutes <= 240)",
                           name="max_minutes_range"),
        latitude_check("home_lat"),
        longitude_check("home_lon"),
        sa.CheckConstraint("(withdrawn_at IS NULL) = (withdrawal_reason IS NULL)", name="withdrawal_has_reason"),
        sa.CheckConstraint("language IS NULL OR language IN ('en', 'es')", name="language_known"),
        sa.CheckConstraint("guardian_language IS NULL OR guardian_language IN ('en', 'es')",
                           name="guardian_language_known"),
        sa.CheckConstraint("sms_consented_at IS NOT NULL OR NOT sms_opt_in", name="sms_opt_in_has_consent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consortium_id: Mapped[int] = mapped_column(sa.ForeignKey("consortia.id"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    school_id: Mapped[int] = mapped_column(sa.Integer, index=True)
    #: The student's id in the school's student information system (e.g. SSID).
    external_id: Mapped[str] = mapped_column(sa.String(64))
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    grade: Mapped[int] = mapped_column(sa.SmallInteger)
    date_of_birth: Mapped[Optional[date]] = mapped_column(sa.Date)
    pathway_code: Mapped[Optional[str]] = mapped_column(sa.ForeignKey("pathways.code"))
    home_zip: Mapped[Optional[str]] = mapped_column(sa.String(10))
    home_lat: Mapped[Optional[float]] = mapped_column(sa.Float)
    home_lon: Mapped[Optional[float]] = mapped_column(sa.Float)
    travel_mode: Mapped[Optional[TravelMode]] = mapped_column(enum_column(TravelMode, "travel_mode"))
    #: Straight-line distance limit, km.
    max_km: Mapped[Optional[float]] = mapped_column(sa.Float)
    #: Travel-time limit, minutes, by ``travel_mode``.
    max_minutes: Mapped[Optional[int]] = mapped_column(sa.SmallInteger)
    certifications: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: The language the student reads (``en``/``es``; None: not known, the browser's is used). Their pages,
    #: e-mails and letters follow it.
    language: Mapped[Optional[str]] = mapped_column(sa.String(5))
    #: The language of the student's parent or guardian (consent e-mail and page, letters home); None: the
    #: student's.
    guardian_language: Mapped[Optional[str]] = mapped_column(sa.String(5))
    #: Telephone numbers for reaching a family without e-mail (staff call them; never shown to employers).
    phone: Mapped[Optional[str]] = mapped_column(sa.String(40))
    guardian_phone: Mapped[Optional[str]] = mapped_column(sa.String(40))
    #: The parent's or guardian's e-mail address: they get the reminders before a ranking deadline and an
    #: offer's expiry too, in ``guardian_language``.
    guardian_email: Mapped[Optional[str]] = mapped_column(sa.String(254))
    #: The student agreed to text messages at ``phone`` (reminders, offers); False again once they say STOP.
    sms_opt_in: Mapped[bool] = mapped_column(sa.Boolean, default=False, server_default=sa.false())
    #: When, by whom and on which page they (last) agreed; kept after a STOP, as the record of consent.
    sms_consented_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    sms_consented_by_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    sms_consent_page: Mapped[Optional[str]] = mapped_column(sa.String(200))
    #: When they last said STOP (no more texts until they agree again).
    sms_stopped_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    #: Set when the student left the school or the programme: they take part in no new solve.
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(Timestamp)
    withdrawal_reason: Mapped[Optional[WithdrawalReason]] = mapped_column(
        enum_column(WithdrawalReason, "withdrawal_reason"))
    #: The coordinator's words when the reason is "other" (optional otherwise).
    withdrawal_note: Mapped[Optional[str]] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    user: Mapped[Optional["User"]] = relationship(back_populates="student", foreign_keys=[user_id])  # noqa: F821
    school: Mapped["School"] = relationship()  # noqa: F821
    interests: Mapped[list["StudentSectorInterest"]] = relationship(
        back_populates="student", cascade="all, delete-orphan", order_by="StudentSectorInterest.rank")
    availability: Mapped[list["StudentAvailability"]] = relationship(
        back_populates="student", cascade="all, delete-orphan",
        order_by="(StudentAvailability.day, StudentAvailability.start_minute)")

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class StudentSectorInterest(Base):
    """One of the student's ranked sectors of interest (rank 1 = strongest)."""

    __tablename__ = "student_sector_interests"
    __table_args__ = (
        sa.UniqueConstraint("student_id", "rank", name="uq_student_sector_interests_rank"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                            primary_key=True)
    sector_code: Mapped[str] = mapped_column(sa.ForeignKey("sectors.code"), primary_key=True)
    rank: Mapped[int] = mapped_column(sa.SmallInteger)

    student: Mapped[StudentProfile] = relationship(back_populates="interests")


class StudentAvailability(WeeklyIntervalMixin, Base):
    """One weekly interval in which the student can work."""

    __tablename__ = "student_availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"), index=True)

    student: Mapped[StudentProfile] = relationship(back_populates="availability")


class StudentDemographics(Base):
    """Optional equity-reporting data, kept apart from the profile; visible only to intermediaries.

    Never used by the matching engine and never written to a round file.
    """

    __tablename__ = "student_demographics"

    student_id: Mapped[int] = mapped_column(sa.ForeignKey("student_profiles.id", ondelete="CASCADE"),
                                            primary_key=True)
    gender: Mapped[Optional[str]] = mapped_column(sa.String(40))
    race_ethnicity: Mapped[Optional[str]] = mapped_column(sa.String(80))
    english_learner: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
    socioeconomically_disadvantaged: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
    foster_youth: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
    students_with_disabilities: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
    #: Rural by the school's or home's locale; the research's hardest-to-serve group.
    rural: Mapped[Optional[bool]] = mapped_column(sa.Boolean)
