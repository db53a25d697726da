"""Weekly time intervals (day of week, start and end minute) shared by slot schedules and availability."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from wbl_match.models.enums import WEEKDAYS


class WeeklyIntervalMixin:
    """Columns and CHECKs of one weekly interval: ``day`` 0 = Monday, minutes since midnight, no wrap."""

    #: 0 = Monday … 6 = Sunday.
    day: Mapped[int] = mapped_column(sa.SmallInteger)
    #: Minutes since midnight, 0 … 1439.
    start_minute: Mapped[int] = mapped_column(sa.SmallInteger)
    #: Minutes since midnight, after ``start_minute``, at most 1440 (midnight).
    end_minute: Mapped[int] = mapped_column(sa.SmallInteger)

    @declared_attr.directive
    def __table_args__(cls):  # noqa: N805
        return (
            sa.CheckConstraint("day >= 0 AND day <= 6", name="day_of_week"),
            sa.CheckConstraint("start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute",
                               name="start_before_end"),
        )

    @property
    def day_code(self) -> str:
        return WEEKDAYS[self.day]

    @property
    def start_hhmm(self) -> str:
        return f"{self.start_minute // 60:02d}:{self.start_minute % 60:02d}"

    @property
    def end_hhmm(self) -> str:
        # The round file has no "24:00": an interval that ends at midnight is written as ending at 23:59.
        end = min(self.end_minute, 1439)
        return f"{end // 60:02d}:{end % 60:02d}"

    def as_round_interval(self) -> dict[str, str]:
        return {"day": self.day_code, "start": self.start_hhmm, "end": self.end_hhmm}
