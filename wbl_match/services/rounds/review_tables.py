"""The review's long tables made findable: search, sort, filters (school, reason, sector, rural) and pages.

The unplaced students and the placements of a round's review (``review.round_review``) are filtered in
memory: the review has loaded them already, and a round holds a few thousand students at most. Counts per
reason and per school are given for the other filters' rows, so that one click narrows the list further.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import StudentDemographics, StudentProfile
from wbl_match.services.equity.facts import main_reason
from wbl_match.services.reason_words import REASON_NAMES
from wbl_match.services.rounds.review import Review
from wbl_match.services.searching import clamp_page, page_count

PER_PAGE = 25
SORTS = {"name": "Name", "school": "School", "reason": "Main reason"}
RURAL_CHOICES = {"": "Rural or not", "yes": "Rural", "no": "Not rural"}


@dataclass(frozen=True)
class TableQuery:
    """What the coordinator asked for: all optional; ``page`` counts from 1."""

    q: str = ""
    school: int | None = None
    reason: str = ""
    sector: str = ""
    rural: str = ""
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "TableQuery":
        """Read a query from request arguments; anything unknown is dropped rather than refused."""
        def number(name: str) -> int | None:
            try:
                return int(args.get(name, ""))
            except ValueError:
                return None

        reason = args.get("reason", "")
        return cls(q=(args.get("q") or "").strip()[:100], school=number("school"),
                   reason=reason if reason in REASON_NAMES else "", sector=(args.get("sector") or "")[:80],
                   rural=args.get("rural", "") if args.get("rural") in RURAL_CHOICES else "",
                   sort=args.get("sort") if args.get("sort") in SORTS else "name", page=number("page") or 1)

    def arguments(self, ppage: int | None = None, **changes: Any) -> dict[str, Any]:
        """The query as URL arguments (empty ones left out), with ``changes``; a change of filter starts at page 1.

        ``ppage`` is the page of the placements' table (the unplaced students' is ``page``)."""
        query = replace(self, **({"page": 1} | changes))
        values = {"q": query.q, "school": query.school, "reason": query.reason, "sector": query.sector,
                  "rural": query.rural, "sort": "" if query.sort == "name" else query.sort,
                  "page": "" if query.page == 1 else query.page, "ppage": "" if (ppage or 1) == 1 else ppage}
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or self.school or self.reason or self.sector or self.rural)


@dataclass
class UnplacedRow:
    student: StudentProfile
    entry: dict
    main_reason: str | None
    rural: bool | None


@dataclass
class Table:
    """One page of rows, how many matched, and the counts that narrow further."""

    rows: list
    total: int
    matched: int
    page: int
    pages: int
    by_reason: list[tuple[str, str, int]] = field(default_factory=list)
    by_school: list[tuple[int, str, int]] = field(default_factory=list)


def _rural_of(session: Session, student_ids) -> dict[int, bool | None]:
    ids = list(student_ids)
    if not ids:
        return {}
    return dict(session.execute(sa.select(StudentDemographics.student_id, StudentDemographics.rural)
                                .where(StudentDemographics.student_id.in_(ids))).all())


def _keep(query: TableQuery, student: StudentProfile, sector: str | None, reason: str | None, rural: bool | None,
          *, skip: str = "") -> bool:
    if query.q:
        needle = query.q.lower()
        if needle not in f"{student.first_name} {student.last_name}".lower() \
                and needle not in (student.external_id or "").lower():
            return False
    if query.school and skip != "school" and student.school_id != query.school:
        return False
    if query.reason and skip != "reason" and reason != query.reason:
        return False
    if query.sector and sector != query.sector:
        return False
    if query.rural and rural is not (query.rural == "yes"):
        return False
    return True


def _page(rows: list, query: TableQuery) -> tuple[list, int, int]:
    page = clamp_page(query.page, len(rows), PER_PAGE)
    return rows[(page - 1) * PER_PAGE: page * PER_PAGE], page, page_count(len(rows), PER_PAGE)


def _school_counts(items) -> list[tuple[int, str, int]]:
    counts, names = Counter(), {}
    for student in items:
        counts[student.school_id] += 1
        names[student.school_id] = student.school.name
    return sorted(((i, names[i], n) for i, n in counts.items()), key=lambda t: t[1])


def unplaced_table(session: Session, review: Review, query: TableQuery) -> Table:
    """The review's unplaced students, narrowed, sorted and cut to one page."""
    rural = _rural_of(session, (s.id for s, _ in review.unplaced))
    rows = [UnplacedRow(s, entry, main_reason(entry), rural.get(s.id)) for s, entry in review.unplaced]

    def sector(row: UnplacedRow) -> str | None:
        interests = sorted(row.student.interests, key=lambda i: i.rank)
        return interests[0].sector_code if interests else None

    def keep(row: UnplacedRow, skip: str = "") -> bool:
        return _keep(query, row.student, sector(row), row.main_reason, row.rural, skip=skip)

    matched = [r for r in rows if keep(r)]
    reasons = Counter(r.main_reason for r in rows if keep(r, "reason"))
    by_reason = [(code, REASON_NAMES[code], reasons[code]) for code in REASON_NAMES if reasons.get(code)]
    by_school = _school_counts(r.student for r in rows if keep(r, "school"))
    order = {"name": lambda r: (r.student.last_name, r.student.first_name, r.student.id),
             "school": lambda r: (r.student.school.name, r.student.last_name, r.student.first_name),
             "reason": lambda r: (REASON_NAMES.get(r.main_reason or "", "~"), r.student.last_name)}[query.sort]
    matched.sort(key=order)
    page_rows, page, pages = _page(matched, query)
    return Table(page_rows, len(rows), len(matched), page, pages, by_reason, by_school)


def placements_table(session: Session, review: Review, query: TableQuery) -> Table:
    """The review's placements, narrowed (the reason filter does not apply), sorted and cut to one page."""
    rural = _rural_of(session, (p.student_id for p in review.placements))
    plain = replace(query, reason="")

    def keep(p, skip: str = "") -> bool:
        return _keep(plain, p.student, p.slot.sector_code, None, rural.get(p.student_id), skip=skip)

    matched = [p for p in review.placements if keep(p)]
    order = {"name": lambda p: (p.student.last_name, p.student.first_name, p.id),
             "school": lambda p: (p.student.school.name, p.student.last_name, p.student.first_name),
             "reason": lambda p: (review.rank_of.get(p.id) or 99, p.student.last_name)}[query.sort]
    matched.sort(key=order)
    page_rows, page, pages = _page(matched, query)
    return Table(page_rows, len(review.placements), len(matched), page, pages,
                 by_school=_school_counts(p.student for p in review.placements if keep(p, "school")))
