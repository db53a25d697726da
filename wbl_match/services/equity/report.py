"""The equity and reach report of a round: who took part, ranked, was placed and accepted, by group.

Pure functions over the session. Groups come from the students' demographic fields (each value, and "Not
recorded"), their school, and their home town; every count goes through ``suppression.protect``.
"""
from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, SolveRun
from wbl_match.services.equity.facts import DEMOGRAPHIC_FIELDS, DISTANCE_REASON, StudentFacts, round_facts
from wbl_match.services.equity.suppression import SMALL_CELL, Cell, Relation, protect, rate
from wbl_match.services.rounds.review import latest_solve

NOT_RECORDED = "Not recorded"
#: Shown counts of each group, in the report's column order: (key, heading).
COUNTS = (("students", "Students"), ("complete", "Complete profiles"), ("ranked", "Ranked slots"),
          ("placed", "Placed"))
OFFER_COUNTS = (("offered", "Offered"), ("accepted", "Accepted"), ("declined", "Declined"),
                ("withdrawn", "Expired or withdrawn"), ("open", "Awaiting answer"))
TRAVEL_COUNTS = (("explained", "Unplaced with a reason"), ("by_distance", "Mainly distance"))
#: Counts only used to check what a reader could work out by subtraction.
HIDDEN_COUNTS = ("incomplete", "not_placed", "placed_other", "unexplained", "explained_other")


@dataclass
class Group:
    """One row of the report: a group of students and its (suppressed) counts."""

    label: str
    cells: dict[str, Cell]
    distances: list[float] = field(default_factory=list, repr=False)

    def text(self, key: str) -> str:
        return self.cells[key].text

    def rate(self, key: str, of: str = "students") -> float | None:
        return rate(self.cells[key], self.cells[of])

    @property
    def median_km(self) -> float | None:
        """Median travel of the group's placed students; hidden with their count, or below the threshold."""
        if not self.cells["placed"].shown or len(self.distances) < SMALL_CELL:
            return None
        return statistics.median(self.distances)

    @property
    def distance_share(self) -> float | None:
        """Share of the group's unplaced students (with an engine reason) whose main reason was distance."""
        return self.rate("by_distance", "explained")


@dataclass
class Dimension:
    """Groups that split the round's students one way (their gender, their school, …)."""

    key: str
    title: str
    groups: list[Group]


@dataclass
class EquityReport:
    match_round: MatchRound
    solve: SolveRun | None
    overall: Group | None = None
    demographic: list[Dimension] = field(default_factory=list)
    travel: list[Dimension] = field(default_factory=list)
    #: True when the round's placements have been offered (the offer columns mean something).
    has_offers: bool = False
    #: Every count and every sum between them, as suppression saw them (for checking).
    cells: list[Cell] = field(default_factory=list, repr=False)
    relations: list[Relation] = field(default_factory=list, repr=False)

    def gap(self, group: Group, key: str = "placed") -> float | None:
        """The group's rate minus the round's, in percentage points (None when either is hidden)."""
        mine, overall = group.rate(key), self.overall.rate(key) if self.overall else None
        return None if mine is None or overall is None else 100 * (mine - overall)

    @property
    def dimensions(self) -> list[Dimension]:
        """Every dimension once (rural appears in both sections)."""
        seen, out = set(), []
        for dimension in self.demographic + self.travel:
            if dimension.key not in seen:
                seen.add(dimension.key)
                out.append(dimension)
        return out


def equity_report(session: Session, match_round: MatchRound) -> EquityReport:
    """The report of the round's current placements against its latest solve; empty when never solved."""
    solve = latest_solve(session, match_round.id)
    report = EquityReport(match_round, solve)
    if solve is None:
        return report
    return fill_report(report, round_facts(session, match_round, solve))


def fill_report(report: EquityReport, facts: list[StudentFacts]) -> EquityReport:
    """Count ``facts`` into the report's groups and suppress them (``suppression.protect``, remembered by
    the counts: the same figures are not protected twice)."""
    report.has_offers = any(f.offer for f in facts)
    cells, relations = report.cells, report.relations
    offers = report.has_offers
    report.overall = _group("All students", facts, cells, relations, offers)
    for key, title in DEMOGRAPHIC_FIELDS:
        report.demographic.append(_dimension(key, title, facts, lambda f, k=key: _value_label(f.demographic(k)),
                                             report.overall, cells, relations, offers))
    report.travel = [
        _dimension("school", "School", facts, lambda f: f.school, report.overall, cells, relations, offers),
        _dimension("home_town", "Home town", facts, lambda f: f.home_town or NOT_RECORDED, report.overall, cells,
                   relations, offers),
        next(d for d in report.demographic if d.key == "rural"),
    ]
    _protect_remembered(cells, relations)
    return report


#: Suppression of recent tables, by their counts and sums: a report viewed again is not worked out again.
_REMEMBERED: "OrderedDict[tuple, list[tuple[bool, bool]]]" = OrderedDict()
_REMEMBER = 32
_LOCK = threading.Lock()


def _protect_remembered(cells: list[Cell], relations: list[Relation]) -> None:
    index = {id(c): i for i, c in enumerate(cells)}
    key = (tuple((c.key, c.value, c.hidden, c.guessable) for c in cells),
           tuple((index[id(r.total)], *(index[id(p)] for p in r.parts)) for r in relations))
    with _LOCK:
        flags = _REMEMBERED.get(key)
        if flags is not None:
            _REMEMBERED.move_to_end(key)
    if flags is None:
        protect(cells, relations)
        flags = [(c.small, c.complementary) for c in cells]
        with _LOCK:
            _REMEMBERED[key] = flags
            while len(_REMEMBERED) > _REMEMBER:
                _REMEMBERED.popitem(last=False)
    for cell, (small, complementary) in zip(cells, flags):
        cell.small, cell.complementary = small, complementary


def _value_label(value) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)[:1].upper() + str(value)[1:]


def _order(label: str) -> tuple:
    return (label == NOT_RECORDED, {"Yes": 0, "No": 1}.get(label, 2), label.casefold())


def _dimension(key, title, facts, label_of, overall, cells, relations, has_offers) -> Dimension:
    members: dict[str, list[StudentFacts]] = {}
    for fact in facts:
        members.setdefault(label_of(fact), []).append(fact)
    groups = [_group(label, members[label], cells, relations, has_offers) for label in sorted(members, key=_order)]
    for name in overall.cells:
        relations.append(Relation(overall.cells[name], [g.cells[name] for g in groups]))
    return Dimension(key, title, groups)


def _group(label: str, facts: list[StudentFacts], cells: list[Cell], relations: list[Relation],
           has_offers: bool) -> Group:
    counts = {
        "students": len(facts), "complete": sum(f.complete for f in facts), "ranked": sum(f.ranked for f in facts),
        "placed": sum(f.placed for f in facts), "offered": sum(f.offer is not None for f in facts),
        "explained": sum(f.main_reason is not None for f in facts),
        "by_distance": sum(f.main_reason == DISTANCE_REASON for f in facts),
    }
    counts.update({outcome: sum(f.offer == outcome for f in facts) for outcome in ("accepted", "declined",
                                                                                   "withdrawn", "open")})
    counts.update(incomplete=counts["students"] - counts["complete"],
                  not_placed=counts["students"] - counts["placed"],
                  placed_other=counts["placed"] - counts["accepted"] - counts["open"],
                  unexplained=counts["students"] - counts["placed"] - counts["explained"],
                  explained_other=counts["explained"] - counts["by_distance"])
    # Before any offer, the offer columns are not shown at all: their counts are part of the arithmetic only.
    offer_keys = {key for key, _ in OFFER_COUNTS}
    hidden = set(HIDDEN_COUNTS) | (set() if has_offers else offer_keys)
    # What a reader may take to be zero: that every unplaced student has a reason, that every placed student has
    # an offer once offers are out, and (certainly) that there are no offers before.
    guessable = {"unexplained"} | ({"placed_other"} if has_offers else offer_keys)
    group = Group(label, {name: Cell(value, name, hidden=name in hidden, guessable=name in guessable)
                          for name, value in counts.items()},
                  sorted(f.distance_km for f in facts if f.distance_km is not None))
    c = group.cells
    cells.extend(c.values())
    relations.extend([
        Relation(c["students"], [c["complete"], c["incomplete"]]),
        Relation(c["students"], [c["placed"], c["not_placed"]]),
        Relation(c["not_placed"], [c["explained"], c["unexplained"]]),
        Relation(c["explained"], [c["by_distance"], c["explained_other"]]),
        Relation(c["offered"], [c["accepted"], c["declined"], c["withdrawn"], c["open"]]),
        Relation(c["placed"], [c["accepted"], c["open"], c["placed_other"]]),
    ])
    return group
