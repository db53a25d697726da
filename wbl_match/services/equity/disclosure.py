"""The exact check of the equity report's suppression: can a reader pin down a protected count at all?

``suppression.derivable`` follows subtraction along one sum at a time. A reader can do more: combine sums
(``placed = students - unplaced with a reason`` when every unplaced student has a reason), and use what
the page says about the hidden counts: "fewer than 11" is 0 to 10, "not shown" is 11 or more (a count
under 11 would say "fewer than 11"), every count is at least 0 and at most the round's students. This
module models that reader as a linear programme (OR-Tools' GLOP) over every count that is not shown: a
protected count is *determined* when its least and greatest possible values agree.

The reader is also assumed to know a guessable hidden remainder that is in fact zero (every unplaced
student has a reason; once offers are out, no placed student is without one): such remainders usually
are zero, so a reader may well guess them. This is deliberately more than a reader can be sure of.

Cost: one model per check, two "spread" solves that move most counts off their true value at once (each
moved count is proven free), then one or two small solves per count still in doubt.
"""
from __future__ import annotations

import random
from typing import Iterable

from ortools.linear_solver import pywraplp

#: How far the spreading solves push a count from its bounds (not an integer, so a moved count never
#: lands on its true, integer, value by chance).
_SPREAD = 0.37
_TOLERANCE = 1e-6


def reader_value(cell, small_cell: int) -> int | None:
    """The value a reader knows exactly: a shown count, or a guessable hidden remainder that is zero."""
    if cell.shown or cell.known_zero:
        return cell.value
    return None


def _bounds(cell, small_cell: int, most: int) -> tuple[float, float]:
    if cell.small:
        return 0.0, float(small_cell - 1)
    if cell.complementary:
        return float(small_cell), float(max(most, small_cell))
    return 0.0, float(most)


class ReaderModel:
    """Everything a reader of the report knows, as a linear programme over the counts not shown."""

    def __init__(self, cells: list, relations: list, small_cell: int) -> None:
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        most = max((c.value for c in cells), default=0)
        self.variables: dict[int, pywraplp.Variable] = {}
        self.cell_of: dict[int, object] = {}
        for cell in cells:
            if reader_value(cell, small_cell) is None:
                low, high = _bounds(cell, small_cell, most)
                self.variables[id(cell)] = self.solver.NumVar(low, high, "")
                self.cell_of[id(cell)] = cell
        self.small_cell = small_cell
        #: Each sum's constraint, with the known counts it moved to its right-hand side: (cell, +1 part / -1 total).
        self.constraints: list[tuple[pywraplp.Constraint, list[tuple[object, int]]]] = []
        for relation in relations:
            unknown = [m for m in relation.members if id(m) in self.variables]
            if not unknown:
                continue
            total = self.variables.get(id(relation.total))
            constant = 0 if total is not None else reader_value(relation.total, small_cell)
            moved = [] if total is not None else [(relation.total, -1)]
            expression = total if total is not None else 0
            for part in relation.parts:
                if id(part) in self.variables:
                    expression = expression - self.variables[id(part)]
                else:
                    constant -= reader_value(part, small_cell)
                    moved.append((part, 1))
            self.constraints.append((self.solver.Add(expression == -constant), moved))

    def _solve(self) -> bool:
        return self.solver.Solve() in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE)

    def _moved(self, doubtful: set[int]) -> set[int]:
        return {key for key in doubtful
                if abs(self.variables[key].solution_value() - self.cell_of[key].value) > _TOLERANCE}

    def determined(self, targets: Iterable) -> list:
        """The ``targets`` (cells) whose value a reader can pin down exactly."""
        doubtful = {id(c) for c in targets if id(c) in self.variables}
        fixed = [c for c in targets if id(c) not in self.variables]  # shown, or a known zero
        if not doubtful:
            return fixed
        objective = self.solver.Objective()
        spreads = []
        for key, variable in self.variables.items():
            low, high = variable.lb(), variable.ub()
            spread = self.solver.NumVar(0.0, min(_SPREAD, (high - low) / 2), "")
            self.solver.Add(variable - spread >= low)
            self.solver.Add(variable + spread <= high)
            spreads.append(spread)
        shuffle = random.Random(len(self.variables))
        for attempt in range(3):
            objective.Clear()
            for spread in spreads:
                objective.SetCoefficient(spread, 1.0)
            if attempt:
                for key in (k for k in self.variables if k in doubtful):  # a fixed order: the same answer each time
                    objective.SetCoefficient(self.variables[key], shuffle.uniform(-1e-3, 1e-3))
            objective.SetMaximization()
            if self._solve():
                doubtful -= self._moved(doubtful)
            if not doubtful:
                break
        for spread in spreads:
            spread.SetBounds(0.0, 0.0)
        for key in [id(c) for c in targets if id(c) in doubtful]:
            if self._can_move(key):
                doubtful.discard(key)
        return fixed + [c for c in targets if id(c) in doubtful]

    def _can_move(self, key: int) -> bool:
        variable, true = self.variables[key], self.cell_of[key].value
        objective = self.solver.Objective()
        for maximise in (True, False):
            if (maximise and variable.ub() <= true) or (not maximise and variable.lb() >= true):
                continue
            objective.Clear()
            objective.SetCoefficient(variable, 1.0)
            objective.SetOptimizationDirection(maximise)
            if self._solve() and abs(variable.solution_value() - true) > _TOLERANCE:
                return True
        return False


    def support(self, cell) -> list:
        """The shown counts a reader uses to pin ``cell`` down (those whose value moves its bounds), largest
        influence first; hiding one of them is what can stop it."""
        variable = self.variables[id(cell)]
        weights: dict[int, float] = {}
        shown: dict[int, object] = {}
        objective = self.solver.Objective()
        for maximise in (True, False):
            objective.Clear()
            objective.SetCoefficient(variable, 1.0)
            objective.SetOptimizationDirection(maximise)
            if not self._solve():
                continue
            for constraint, moved in self.constraints:
                dual = constraint.dual_value()
                if abs(dual) > _TOLERANCE:
                    for member, sign in moved:
                        if member.shown:
                            weights[id(member)] = weights.get(id(member), 0.0) + abs(dual * sign)
                            shown[id(member)] = member
        return [shown[key] for key in sorted(weights, key=lambda k: -weights[k]) if weights[key] > _TOLERANCE]


def support(cells: list, relations: list, cell, small_cell: int) -> list:
    """The shown counts that pin ``cell`` down (see ``ReaderModel.support``)."""
    model = ReaderModel(cells, relations, small_cell)
    return model.support(cell) if id(cell) in model.variables else []


def determined(cells: list, relations: list, targets: Iterable, small_cell: int) -> list:
    """The cells of ``targets`` a reader can pin down, given every count and sum of the report."""
    return ReaderModel(cells, relations, small_cell).determined(list(targets))
