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

A reader is assumed to know a *guessable* hidden remainder when it is zero (every unplaced student has a
reason; once offers are out, every placed student has one), since such remainders usually are:
``placed = students - unplaced with a reason`` is then a subtraction like any other.

**The exact check.** Subtraction along one sum at a time is the fast first pass. Then ``disclosure``
checks what a reader can do with all the sums together and with what the page says of the hidden counts
("fewer than 11" is 0 to 10, "not shown" 11 or more, every count at least 0): each protected count that
is still pinned down gets a complement the same way, checked exactly, until none is.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from wbl_match.services.equity.disclosure import ReaderModel, determined

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
    #: A hidden remainder a reader may take to be zero when it is (every unplaced student has a reason…).
    guessable: bool = False

    @property
    def known_zero(self) -> bool:
        return self.hidden and self.guessable and self.value == 0

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
        reasons: dict[Cell, Relation] = {}
        known = derivable(cells, relations, relations_of, reasons)
        leaks = [c for c in cells if c.protected and c in known]
        if leaks:
            hidden_now: set[int] = set()
            for leak in leaks:  # one complement per leak and pass (unless its subtraction just lost a count)
                if not _rests_on(leak, reasons, hidden_now):
                    hidden_now.add(id(_complement(leak, cells, relations_of, reasons)))
            continue
        pinned = determined(cells, relations, [c for c in cells if c.protected], SMALL_CELL)
        if not pinned:
            return
        if not _exact_complements(pinned, cells, relations, relations_of):
            shown = [c for c in cells if c.shown]
            if not shown:  # everything is hidden already: nothing more can be done
                return
            min(shown, key=lambda c: c.value).complementary = True  # always make progress


def derivable(cells: list[Cell], relations: list[Relation],
              relations_of: dict[Cell, list[Relation]] | None = None,
              reasons: dict[Cell, Relation] | None = None) -> set[Cell]:
    """Every cell a reader knows: the shown ones, the hidden remainders that are zero, and those worked out by
    subtraction, repeatedly. ``reasons`` (if given) gets the sum each worked-out cell came from."""
    if relations_of is None:
        relations_of = defaultdict(list)
        for relation in relations:
            for member in relation.members:
                relations_of[member].append(relation)
    known = {c for c in cells if c.shown or c.known_zero}
    unknown = {id(r): sum(m not in known for m in r.members) for r in relations}
    queue = [r for r in relations if unknown[id(r)] == 1]
    while queue:
        relation = queue.pop()
        missing = [m for m in relation.members if m not in known]
        if len(missing) != 1:
            continue
        known.add(missing[0])
        if reasons is not None:
            reasons[missing[0]] = relation
        for other in relations_of[missing[0]]:
            unknown[id(other)] -= 1
            if unknown[id(other)] == 1:
                queue.append(other)
    return known


def _totals(relations_of: dict[Cell, list[Relation]]) -> set[int]:
    return {id(r.total) for rs in relations_of.values() for r in rs}


def _rests_on(leak: Cell, reasons: dict[Cell, Relation], hidden: set[int]) -> bool:
    """Whether the subtraction that works ``leak`` out uses one of the ``hidden`` counts."""
    frontier, seen = [leak], {leak}
    while frontier:
        cell = frontier.pop()
        relation = reasons.get(cell)
        for member in relation.members if relation else ():
            if id(member) in hidden:
                return True
            if member not in seen and member in reasons:
                seen.add(member)
                frontier.append(member)
    return False


def _choose(candidates: list[Cell], leak: Cell, totals: set[int]) -> list[Cell]:
    """Candidates to hide, best first: the smallest (least is lost), a part before a total, of the leak's kind."""
    return sorted(candidates, key=lambda c: (c.value, id(c) in totals, c.key != leak.key))


def _complement(leak: Cell, cells: list[Cell], relations_of: dict[Cell, list[Relation]],
                reasons: dict[Cell, Relation]) -> Cell | None:
    """Hide one shown count of the subtraction that works ``leak`` out: a count of the sum it came from, or
    of the sums its worked-out members came from (nearest first); returns it."""
    totals = _totals(relations_of)
    frontier, seen = [leak], {leak}
    while frontier:
        candidates, following = [], []
        for cell in frontier:
            relation = reasons.get(cell)
            for member in relation.members if relation else ():
                if member in seen:
                    continue
                seen.add(member)
                if member.shown:
                    candidates.append(member)
                elif member in reasons:
                    following.append(member)
        if candidates:
            choice = _choose(candidates, leak, totals)[0]
            choice.complementary = True
            return choice
        frontier = following
    shown = [c for c in cells if c.shown]
    if not shown:
        return None
    choice = min(shown, key=lambda c: c.value)  # not reached: a worked-out count always rests on a shown one
    choice.complementary = True
    return choice


def _exact_complements(pinned: list[Cell], cells: list[Cell], relations: list[Relation],
                       relations_of: dict[Cell, list[Relation]]) -> int:
    """Hide, for each pinned count, a shown count it is pinned down from by combining sums or by the bounds:
    of the counts whose value moves its bounds (``ReaderModel.support``), a part before a total, the smallest
    first (a leak whose support lost a count already in this pass waits for the next exact check). Returns
    how many were hidden."""
    totals = {id(r.total) for r in relations}
    model = ReaderModel(cells, relations, SMALL_CELL)
    hidden_now: set[int] = set()
    for leak in pinned:
        used = model.support(leak) if id(leak) in model.variables else []
        if any(id(c) in hidden_now for c in used):
            continue
        choice = _choose(used, leak, totals)[0] if used else _nearest_shown(leak, relations_of, totals)
        if choice is not None:
            choice.complementary = True
            hidden_now.add(id(choice))
    return len(hidden_now)


def _nearest_shown(leak: Cell, relations_of: dict[Cell, list[Relation]], totals: set[int]) -> Cell | None:
    """The shown count nearest ``leak`` (a sum holding it, then the sums of its members not shown, …)."""
    frontier, seen = [leak], {leak}
    while frontier:
        candidates, following = [], []
        for cell in frontier:
            for member in (m for r in relations_of[cell] for m in r.members):
                if member in seen:
                    continue
                seen.add(member)
                (candidates if member.shown else following).append(member)
        if candidates:
            return _choose(candidates, leak, totals)[0]
        frontier = following
    return None
