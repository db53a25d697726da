"""The consortium's work-hour limits for minors: the built-in California table, versions, plain words.

A consortium starts with California's law (version 0, built in). An administrator may set other figures
(a district's permits often allow 16–17-year-olds fewer hours in a school week; work experience education
allows more): each change adds a version with a note, audited; a round applies the newest version when
it is solved, and its round file names that version. What each round applies (the term, and the June 1 –
Labor Day hour for 14–15) is worked out from its dates here; ``engine_io`` turns it into the engine's policy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.matching import Policy, RoundFileError, load_round
from wbl_match.models import MatchRound, User, WorkLimitTable
from wbl_match.services.audit import record_event
from wbl_match.services.engine_io import engine_policy
from wbl_match.services.errors import FieldErrors, rolls_back_refusals
from wbl_match.services.work_limits.california import CALIFORNIA_BANDS, SOURCES, SUMMER_LATEST_15
from wbl_match.services.work_limits.words import band_lines, band_title

__all__ = ["CALIFORNIA_BANDS", "SOURCES", "LimitsTable", "RoundWork", "WorkLimitsError", "band_lines",
           "band_title", "current_table", "labor_day", "round_policy", "round_work", "save_table", "table_history",
           "term_of", "validate_bands"]


def WorkLimitsError(message: str, field: str | None = None) -> FieldErrors:  # noqa: N802 - reads as a class
    """A table of limits that cannot be saved: ``FieldErrors`` on ``field`` (``bands`` when not said)."""
    return FieldErrors.single(field or "bands", message)


@dataclass(frozen=True)
class LimitsTable:
    """One version of a consortium's limits (version 0: the built-in law)."""

    version: int
    bands: tuple[dict, ...]
    note: str = ""
    created_at: datetime | None = None
    created_by: str | None = None

    @property
    def built_in(self) -> bool:
        """True for California's table as this product ships it."""
        return self.version == 0


BUILT_IN = LimitsTable(0, CALIFORNIA_BANDS, "California law as we read it (built in).")


def current_table(session: Session, consortium_id: int) -> LimitsTable:
    """The newest version of the consortium's limits, or the built-in California table."""
    row = session.scalars(sa.select(WorkLimitTable).where(WorkLimitTable.consortium_id == consortium_id)
                          .order_by(WorkLimitTable.version.desc()).limit(1)).first()
    return BUILT_IN if row is None else _table(session, row)


def table_history(session: Session, consortium_id: int) -> list[LimitsTable]:
    """Every version, newest first, ending with the built-in table."""
    rows = session.scalars(sa.select(WorkLimitTable).where(WorkLimitTable.consortium_id == consortium_id)
                           .order_by(WorkLimitTable.version.desc()))
    return [_table(session, row) for row in rows] + [BUILT_IN]


def _table(session: Session, row: WorkLimitTable) -> LimitsTable:
    author = session.get(User, row.created_by_id) if row.created_by_id else None
    return LimitsTable(row.version, tuple(row.bands), row.note, row.created_at,
                       author.name if author is not None else None)


@rolls_back_refusals
def save_table(session: Session, actor: User, bands: list[dict], note: str) -> LimitsTable:
    """Add the next version of the actor's consortium's limits (administrators only), audited; commits."""
    if actor.role.value != "admin":
        raise PermissionError("Only an administrator can change the limits for minors.")
    note = (note or "").strip()
    if not note or len(note) > 500:
        raise WorkLimitsError("Say in a few words (at most 500 characters) why the figures differ from the law, "
                              "e.g. the district's permits.", "note")
    bands = validate_bands(bands)
    previous = current_table(session, actor.consortium_id)
    row = WorkLimitTable(consortium_id=actor.consortium_id, version=previous.version + 1, bands=bands, note=note,
                         created_by_id=actor.id)
    session.add(row)
    session.flush()
    record_event(session, actor, "work_limits.changed", row, version=row.version, previous=previous.version,
                 bands=bands)
    session.commit()
    return _table(session, row)


def validate_bands(bands: list[dict]) -> list[dict]:
    """The bands checked by the engine's own reader (the same rules, the same messages); raises otherwise."""
    cleaned = [{k: v for k, v in band.items() if v is not None and v != ""} for band in bands]
    try:
        load_round({"format": "wbl-match-round/1", "policy": {"sector_rule": "preferred", "work_limits": cleaned},
                    "students": [], "slots": []})
    except RoundFileError as error:
        where = error.path.replace("policy.work_limits", "band")
        raise WorkLimitsError(f"{where}: {error.message}") from None
    ages = [band["max_age"] for band in cleaned]
    if len(set(ages)) != len(ages):
        raise WorkLimitsError("Two bands have the same oldest age.")
    return sorted(cleaned, key=lambda band: band["max_age"])


def labor_day(year: int) -> date:
    """The first Monday of September."""
    first = date(year, 9, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def in_summer(start: date | None, end: date | None) -> bool:
    """True when the whole span lies within June 1 – Labor Day of one year (both dates needed)."""
    if start is None or end is None or start.year != end.year:
        return False
    return date(start.year, 6, 1) <= start and end <= labor_day(start.year)


def term_of(match_round: MatchRound) -> str:
    """``school`` or ``vacation``: the round's choice, or with ``auto`` vacation when the whole term is summer."""
    if match_round.term_kind in ("school", "vacation"):
        return match_round.term_kind
    return "vacation" if in_summer(match_round.term_start, match_round.term_end) else "school"


@dataclass(frozen=True)
class RoundWork:
    """What rule 7 is for one round: the term, the bands (None: limits not applied), the cap, the version."""

    term: str
    bands: tuple[dict, ...] | None
    max_week_hours: float | None
    version: int | None


def round_work(session: Session, match_round: MatchRound) -> RoundWork:
    """The limits the round applies now: the consortium's newest table, adjusted to the round's dates."""
    term = term_of(match_round)
    if not match_round.apply_work_limits:
        return RoundWork(term, None, match_round.max_week_hours, None)
    table = current_table(session, match_round.consortium_id)
    return RoundWork(term, summer_bands(table.bands, match_round.term_start, match_round.term_end),
                     match_round.max_week_hours, table.version)


def summer_bands(bands, start: date | None, end: date | None) -> tuple[dict, ...]:
    """From June 1 through Labor Day, 14–15-year-olds may work until 21:00 (when the whole term lies in it)."""
    if not in_summer(start, end):
        return tuple(bands)
    return tuple({**band, "latest": SUMMER_LATEST_15} if band["max_age"] <= 15 and band.get("latest") == "19:00"
                 else band for band in bands)


def round_policy(session: Session, match_round: MatchRound) -> Policy:
    """The engine policy of a round with the limits for minors it applies now (``engine_io.engine_policy``)."""
    return engine_policy(match_round, round_work(session, match_round))
