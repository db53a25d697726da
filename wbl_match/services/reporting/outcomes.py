"""The outcomes report: hours, completion and evaluations of accepted placements, by school, sector and
student group, with the equity report's small-cell suppression (``services/equity/suppression.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import AfterState, StudentDemographics
from wbl_match.reference import SECTOR_BY_CODE
from wbl_match.services.equity.facts import DEMOGRAPHIC_FIELDS
from wbl_match.services.equity.report import _order, _value_label
from wbl_match.services.equity.suppression import SMALL_CELL, Cell, Relation, protect, rate
from wbl_match.services.placements.evaluations import final_overall
from wbl_match.services.placements.hours import placement_totals
from wbl_match.services.placements.lifecycle import ensure_progress

#: Shown counts, in column order: (key, heading).
COUNTS = (("placements", "Accepted placements"), ("completed", "Completed"), ("ended_early", "Ended early"),
          ("evaluated", "Final evaluation provided"), ("meets", "Rated meets or above"),
          ("host_again", "Employer would host again"))
#: Counts only used to check what a reader could work out by subtraction.
HIDDEN = ("under_way", "finished", "not_evaluated", "below", "host_other")


@dataclass
class Facts:
    school: str
    sector: str
    state: AfterState
    approved_minutes: int
    overall: int | None
    host_again: bool | None
    demographics: StudentDemographics | None

    def demographic(self, name: str):
        return getattr(self.demographics, name) if self.demographics is not None else None


@dataclass
class Row:
    label: str
    cells: dict[str, Cell]
    #: Approved minutes of the group's finished placements.
    minutes: list[int] = field(default_factory=list, repr=False)

    def text(self, key: str) -> str:
        return self.cells[key].text

    def rate(self, key: str, of: str = "placements") -> float | None:
        return rate(self.cells[key], self.cells[of])

    @property
    def mean_hours(self) -> float | None:
        """Mean approved hours of a finished placement: hidden with the counts it comes from, or under 11."""
        c = self.cells
        if not (c["completed"].shown and c["ended_early"].shown) or len(self.minutes) < SMALL_CELL:
            return None
        return sum(self.minutes) / len(self.minutes) / 60


@dataclass
class Dimension:
    key: str
    title: str
    rows: list[Row]


@dataclass
class OutcomesReport:
    overall: Row
    dimensions: list[Dimension]
    cells: list[Cell] = field(default_factory=list, repr=False)
    relations: list[Relation] = field(default_factory=list, repr=False)


def _facts(session: Session, consortium_id: int) -> list[Facts]:
    records = ensure_progress(session, consortium_id)
    ids = [p.placement.student_id for p in records]
    demographics = {d.student_id: d for d in session.scalars(
        sa.select(StudentDemographics).where(StudentDemographics.student_id.in_(ids)))} if ids else {}
    return [Facts(p.placement.student.school.name, SECTOR_BY_CODE[p.placement.slot.sector_code].name, p.state,
                  placement_totals(p).approved_minutes, final_overall(p), p.would_host_again,
                  demographics.get(p.placement.student_id)) for p in records]


def outcomes_report(session: Session, consortium_id: int) -> OutcomesReport:
    """The report of every accepted placement of the consortium; all counts suppressed as the equity report's."""
    facts = _facts(session, consortium_id)
    cells: list[Cell] = []
    relations: list[Relation] = []
    overall = _row("All placements", facts, cells, relations)
    dimensions = [_dimension("school", "School", facts, lambda f: f.school, overall, cells, relations),
                  _dimension("sector", "Sector", facts, lambda f: f.sector, overall, cells, relations)]
    dimensions += [_dimension(key, title, facts, lambda f, k=key: _value_label(f.demographic(k)), overall, cells,
                              relations) for key, title in DEMOGRAPHIC_FIELDS]
    protect(cells, relations)
    return OutcomesReport(overall, dimensions, cells, relations)


def _dimension(key, title, facts, label_of, overall, cells, relations) -> Dimension:
    members: dict[str, list[Facts]] = {}
    for fact in facts:
        members.setdefault(label_of(fact), []).append(fact)
    rows = [_row(label, members[label], cells, relations) for label in sorted(members, key=_order)]
    for name in overall.cells if rows else ():  # no placements: no sum to follow
        relations.append(Relation(overall.cells[name], [r.cells[name] for r in rows]))
    return Dimension(key, title, rows)


def _row(label: str, facts: list[Facts], cells: list[Cell], relations: list[Relation]) -> Row:
    finished = [f for f in facts if f.state in (AfterState.COMPLETED, AfterState.ENDED_EARLY)]
    counts = {
        "placements": len(facts), "completed": sum(f.state is AfterState.COMPLETED for f in facts),
        "ended_early": sum(f.state is AfterState.ENDED_EARLY for f in facts),
        "evaluated": sum(f.overall is not None for f in finished),
        "meets": sum((f.overall or 0) >= 3 for f in finished),
        "host_again": sum(f.host_again is True for f in finished),
    }
    counts.update(finished=len(finished), under_way=len(facts) - len(finished),
                  not_evaluated=len(finished) - counts["evaluated"], below=counts["evaluated"] - counts["meets"],
                  host_other=len(finished) - counts["host_again"])
    row = Row(label, {name: Cell(value, name, hidden=name in HIDDEN) for name, value in counts.items()},
              [f.approved_minutes for f in finished])
    c = row.cells
    cells.extend(c.values())
    relations.extend([
        Relation(c["placements"], [c["completed"], c["ended_early"], c["under_way"]]),
        Relation(c["finished"], [c["completed"], c["ended_early"]]),
        Relation(c["finished"], [c["evaluated"], c["not_evaluated"]]),
        Relation(c["evaluated"], [c["meets"], c["below"]]),
        Relation(c["finished"], [c["host_again"], c["host_other"]]),
    ])
    return row
