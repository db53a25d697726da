"""Small-cell suppression of the equity report, as California student-data practice asks.

**Primary suppression.** A shown count under ``SMALL_CELL`` (0 to 10 students) is replaced by
"fewer than 11", and every rate or median computed from it is hidden.

**Complementary suppression.** A table also holds sums: a dimension's groups add up to the round's
overall figure, a group's students are its placed plus its not placed, its offers are accepted plus
declined plus expired or withdrawn plus awaiting an answer. Each such sum is a ``Relation``. When every
member of a relation but one is known (shown, or itself worked out this way), a reader can work out the
last one by subtraction; this is repeated until nothing more can be worked out. If a protected count can
be worked out, a count shown in a relation that holds it (or, when those were all worked out, in the
relations they were worked out from) is hidden as well ("not shown"): the nearest whose hiding alone
stops the protected count being worked out, else the nearest (see ``_complement``). Then the check
starts again, until no protected count can be worked out. Counts never shown at all (``hidden`` cells
such as "not placed") are protected the same way when they are 1 to 10: a zero among them points at nobody.

The rule only follows subtraction along one sum at a time (repeated); it does not solve systems of sums.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

#: Counts under this many students are never shown (California's usual n-size for student data).
SMALL_CELL = 11
FEWER_TEXT = f"fewer than {SMALL_CELL}"
NOT_SHOWN_TEXT = "not shown"


@dataclass(eq=False)
class Cell:
    """One count of the report. Compared by identity: the same cell may sit in several relations."""

    value: int
    #: What the count is of ("placed", …): a complement is taken in the same column when it can be.
    key: str = ""
    #: Part of the arithmetic only, never displayed (e.g. a group's students who are not placed).
    hidden: bool = False
    #: Under the threshold: shown as "fewer than 11".
    small: bool = False
    #: Hidden so that a small count cannot be worked out by subtraction: shown as "not shown".
    complementary: bool = False

    @property
    def shown(self) -> bool:
        return not (self.hidden or self.small or self.complementary)

    @property
    def protected(self) -> bool:
        """A count that must not be worked out by a reader."""
        return 0 < self.value < SMALL_CELL if self.hidden else self.value < SMALL_CELL

    @property
    def text(self) -> str:
        """The count as the page and the CSV show it."""
        if self.small:
            return FEWER_TEXT
        if self.complementary or self.hidden:
            return NOT_SHOWN_TEXT
        return f"{self.value:,}"


@dataclass(eq=False)
class Relation:
    """``total`` equals the sum of ``parts``."""

    total: Cell
    parts: list[Cell] = field(default_factory=list)

    @property
    def members(self) -> list[Cell]:
        return [self.total, *self.parts]


def rate(numerator: Cell, denominator: Cell) -> float | None:
    """``numerator / denominator``, or None when either count is not shown (or the denominator is 0)."""
    if not (numerator.shown and denominator.shown) or denominator.value == 0:
        return None
    return numerator.value / denominator.value


def protect(cells: list[Cell], relations: list[Relation]) -> None:
    """Apply primary and complementary suppression to ``cells`` in place (see the module's rule)."""
    for cell in cells:
        if not cell.hidden and cell.value < SMALL_CELL:
            cell.small = True
    relations_of: dict[Cell, list[Relation]] = defaultdict(list)
    for relation in relations:
        for member in relation.members:
            relations_of[member].append(relation)
    while True:
        known = derivable(cells, relations, relations_of)
        leak = next((c for c in cells if c.protected and c in known), None)
        if leak is None:
            return
        _complement(leak, cells, relations, relations_of, known)


def derivable(cells: list[Cell], relations: list[Relation],
              relations_of: dict[Cell, list[Relation]] | None = None) -> set[Cell]:
    """Every cell a reader knows: the shown ones, and those worked out by subtraction, repeatedly."""
    if relations_of is None:
        relations_of = defaultdict(list)
        for relation in relations:
            for member in relation.members:
                relations_of[member].append(relation)
    known = {c for c in cells if c.shown}
    unknown = {id(r): sum(m not in known for m in r.members) for r in relations}
    queue = [r for r in relations if unknown[id(r)] == 1]
    while queue:
        relation = queue.pop()
        missing = [m for m in relation.members if m not in known]
        if len(missing) != 1:
            continue
        known.add(missing[0])
        for other in relations_of[missing[0]]:
            unknown[id(other)] -= 1
            if unknown[id(other)] == 1:
                queue.append(other)
    return known


#: How many nearby counts are tried, nearest first, for one that alone stops a protected count being worked out.
TRIED_COMPLEMENTS = 12


def _complement(leak: Cell, cells: list[Cell], relations: list[Relation], relations_of: dict[Cell, list[Relation]],
                known: set[Cell]) -> None:
    """Hide one shown count near ``leak``: the nearest that alone stops it being worked out, if one is found
    among the first ``TRIED_COMPLEMENTS``; otherwise the nearest. Among equally near counts: of the same kind
    as the leak first, then parts before totals, then the smallest.

    "Near" is a relation holding the leak; then the relations its other members were worked out from.
    """
    totals = {id(r.total) for r in relations}
    layers, frontier, seen = [], [leak], {leak}
    while frontier:
        candidates, following = [], []
        for cell in frontier:
            for member in (m for r in relations_of[cell] for m in r.members):
                if member in seen:
                    continue
                seen.add(member)
                if member.shown:
                    candidates.append(member)
                elif member in known:
                    following.append(member)
        if candidates:
            layers.append(sorted(candidates, key=lambda c: (c.key != leak.key, id(c) in totals, c.value)))
        frontier = following
    ordered = [c for layer in layers for c in layer] or [min((c for c in cells if c.shown), key=lambda c: c.value)]
    for candidate in ordered[:TRIED_COMPLEMENTS]:
        candidate.complementary = True
        if leak not in derivable(cells, relations, relations_of):
            return
        candidate.complementary = False
    ordered[0].complementary = True
