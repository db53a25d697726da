"""No suppressed count of the equity report can be pinned down by a reader, however they combine its figures.

The reader here is an integer solver (CP-SAT), independent of the report's own check (a linear programme):
it knows every shown count, that "fewer than 11" is 0 to 10 and "not shown" 11 or more, every sum between
the counts (a row's parts, a dimension's groups against the whole round, offers against placements), and
it guesses that a usually-zero remainder is zero. A suppressed count is safe when some other whole number
fits everything the reader knows.
"""
from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings, strategies as st
from ortools.sat.python import cp_model

from wbl_match.services.equity import equity_csv, equity_report
from wbl_match.services.equity.facts import DEMOGRAPHIC_FIELDS, DISTANCE_REASON, StudentFacts
from wbl_match.services.equity.report import EquityReport, fill_report
from wbl_match.services.equity.suppression import SMALL_CELL, Cell, Relation, protect


def pinned_by_a_reader(cells: list[Cell], relations: list[Relation]) -> list[Cell]:
    """The protected counts for which no other whole number fits what the report shows."""
    most = max(c.value for c in cells)
    model, value = cp_model.CpModel(), {}
    for cell in cells:
        if cell.shown or cell.known_zero:
            value[id(cell)] = cell.value
        elif cell.small:
            value[id(cell)] = model.NewIntVar(0, SMALL_CELL - 1, "")
        elif cell.complementary:
            value[id(cell)] = model.NewIntVar(SMALL_CELL, max(most, SMALL_CELL), "")
        else:
            value[id(cell)] = model.NewIntVar(0, most, "")
    for relation in relations:
        model.Add(value[id(relation.total)] == sum(value[id(p)] for p in relation.parts))
    pinned = []
    for cell in cells:
        if not cell.protected:
            continue
        if cell.shown or cell.known_zero:
            pinned.append(cell)
            continue
        other = model.NewBoolVar("")
        model.Add(value[id(cell)] != cell.value).OnlyEnforceIf(other)
        model.ClearAssumptions()
        model.AddAssumptions([other])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        if solver.Solve(model) == cp_model.INFEASIBLE:
            pinned.append(cell)
    return pinned


def test_the_reader_pins_down_the_placed_count_of_students_minus_unplaced_with_a_reason_when_unprotected():
    students, placed, not_placed = Cell(30, "students"), Cell(6, "placed"), Cell(24, "not_placed", hidden=True)
    explained, unexplained = Cell(24, "explained"), Cell(0, "unexplained", hidden=True, guessable=True)
    cells = [students, placed, not_placed, explained, unexplained]
    relations = [Relation(students, [placed, not_placed]), Relation(not_placed, [explained, unexplained])]
    placed.small = True  # primary suppression only: the leak
    assert pinned_by_a_reader(cells, relations) == [placed]
    placed.small = False
    protect(cells, relations)
    assert placed.small and pinned_by_a_reader(cells, relations) == []


def test_two_small_counts_that_must_add_up_to_twenty_are_protected():
    total, first, second, third = Cell(31, "placed"), Cell(10, "placed"), Cell(10, "placed"), Cell(11, "placed")
    cells, relations = [total, first, second, third], [Relation(total, [first, second, third])]
    first.small = second.small = True
    assert set(map(id, pinned_by_a_reader(cells, relations))) == {id(first), id(second)}  # 31 - 11 = 10 + 10
    first.small = second.small = False
    protect(cells, relations)
    assert pinned_by_a_reader(cells, relations) == []


OUTCOMES = ("placed", "distance", "other_reason", "no_reason")


@st.composite
def rounds(draw):
    published = draw(st.booleans())
    students = draw(st.lists(st.tuples(
        st.sampled_from(("female", "male", "nonbinary", None)), st.sampled_from(("North", "South", "East")),
        st.sampled_from(("Visalia", "Tulare", None)), st.booleans(), st.booleans(), st.sampled_from(OUTCOMES),
        st.sampled_from(("accepted", "open", "declined", "withdrawn", None)), st.booleans()),
        min_size=1, max_size=40))
    facts = []
    for n, (gender, school, town, complete, ranked, outcome, offer, rural) in enumerate(students):
        placed = outcome == "placed"
        if not published:
            offer = None
        elif placed:
            offer = offer if offer in ("accepted", "open") else "accepted"
        elif offer in ("accepted", "open"):
            offer = "declined"
        reason = {"distance": DISTANCE_REASON, "other_reason": "schedule_conflict"}.get(outcome)
        demographics = SimpleNamespace(**{key: None for key, _ in DEMOGRAPHIC_FIELDS})
        demographics.gender, demographics.rural = gender, rural
        facts.append(StudentFacts(n, school, town, complete, ranked, placed, 5.0 if placed else None, offer,
                                  reason, demographics))
    return facts


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=rounds())
def test_no_suppressed_count_of_a_generated_round_can_be_pinned_down_by_any_combination_of_its_figures(facts):
    report = fill_report(EquityReport(None, None), facts)
    assert pinned_by_a_reader(report.cells, report.relations) == []
    assert all(c.text in ("fewer than 11", "not shown") for c in report.cells if c.protected)


@pytest.mark.slow
def test_the_equity_csv_of_the_solved_demo_round_shows_no_count_a_reader_can_work_out(app, session):
    from wbl_match.models import MatchRound, RoundState, User
    from wbl_match.passwords import get_passwords
    from wbl_match.services.demo import SPRING_ROUND, seed_demo
    from wbl_match.services.rounds import change_state, request_solve, run_round

    seed_demo(session, get_passwords(app))
    coordinator = session.scalar(sa.select(User).where(User.email == "coordinator@south-valley.example.org"))
    spring = session.scalar(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND))
    change_state(session, coordinator, spring.id, RoundState.CLOSED)
    run_round(session, request_solve(session, coordinator, spring.id).id)
    report = equity_report(session, spring)
    rows = list(csv.reader(io.StringIO(equity_csv(report).decode("utf-8-sig"))))
    published = [cell for row in rows[1:-1] for cell in row]
    assert published.count("fewer than 11") + published.count("not shown") > 100  # what the CSV holds back...
    assert sum(1 for c in report.cells if c.small or c.complementary) > 100
    assert pinned_by_a_reader(report.cells, report.relations) == []  # ...and none of it can be worked out
