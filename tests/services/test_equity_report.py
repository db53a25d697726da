"""The equity and reach report: counts, rates and gaps per group, small-cell suppression, and its CSV."""
from __future__ import annotations

import csv
import io

import pytest

from wbl_match.services.equity import FEWER_TEXT, NOT_RECORDED, NOT_SHOWN_TEXT, SMALL_CELL, equity_csv, equity_report
from wbl_match.services.equity.facts import main_reason
from wbl_match.services.equity.disclosure import determined
from wbl_match.services.equity.suppression import Cell, Relation, derivable, protect
from tests.services.equity_support import TAKEN, Cohort, equity_round


@pytest.fixture
def build(session, consortium, make_school, make_student, make_slot):
    def make(cohorts, **options):
        return equity_report(session, equity_round(session, consortium, make_school, make_student, make_slot,
                                                   cohorts, **options))
    return make


def _dimension(report, key):
    return next(d for d in report.dimensions if d.key == key)


def _group(report, key, label):
    return next(g for g in _dimension(report, key).groups if g.label == label)




def test_the_small_cell_threshold_is_eleven_students():
    assert SMALL_CELL == 11 and FEWER_TEXT == "fewer than 11"


def test_counts_rates_and_gaps_are_computed_per_group_of_a_hand_made_round(build):
    report = build([Cohort(30, placed=18, demographics={"gender": "female", "rural": True}),
                    Cohort(22, placed=11, demographics={"gender": "male", "rural": False})])
    overall = report.overall
    assert overall.cells["students"].value == 52 and overall.cells["placed"].value == 29
    assert overall.rate("placed") == pytest.approx(29 / 52)
    female, male = _group(report, "gender", "Female"), _group(report, "gender", "Male")
    assert (female.text("students"), female.text("complete"), female.text("placed")) == ("30", "30", "18")
    assert female.rate("placed") == pytest.approx(0.6) and male.rate("placed") == pytest.approx(0.5)
    assert report.gap(female) == pytest.approx(100 * (0.6 - 29 / 52))
    assert report.gap(male) == pytest.approx(100 * (0.5 - 29 / 52))
    assert female.median_km == pytest.approx(8.97, abs=0.05)
    assert female.text("explained") == "12" and female.distance_share == 1.0
    assert male.text("by_distance") == "11" and overall.distance_share == 1.0
    assert [g.label for g in _dimension(report, "rural").groups] == ["Yes", "No"]
    assert _group(report, "rural", "Yes").rate("placed") == pytest.approx(0.6)
    assert not report.has_offers


def test_unplaced_students_kept_out_by_full_slots_do_not_count_as_kept_out_by_distance(build):
    report = build([Cohort(30, placed=8, demographics={"gender": "female"}),
                    Cohort(30, placed=8, demographics={"gender": "male"}, reasons=TAKEN)])
    assert report.overall.text("explained") == "44" and report.overall.text("by_distance") == "22"
    assert report.overall.distance_share == pytest.approx(0.5)
    assert _group(report, "gender", "Male").cells["by_distance"].value == 0


def test_a_group_under_eleven_students_is_shown_as_fewer_than_eleven_with_its_rate_hidden(build):
    report = build([Cohort(30, placed=15, demographics={"foster_youth": False}),
                    Cohort(25, placed=12, demographics={"foster_youth": False}),
                    Cohort(6, placed=3, demographics={"foster_youth": True})])
    foster = _group(report, "foster_youth", "Yes")
    assert foster.text("students") == FEWER_TEXT and foster.text("placed") == FEWER_TEXT
    assert foster.rate("placed") is None and report.gap(foster) is None and foster.median_km is None


def test_a_single_suppressed_group_is_protected_by_hiding_another_so_it_cannot_be_worked_out(build):
    report = build([Cohort(40, placed=20, demographics={"race_ethnicity": "Hispanic or Latino"}),
                    Cohort(15, placed=11, demographics={"race_ethnicity": "White"}),
                    Cohort(30, placed=15, demographics={"race_ethnicity": "Asian"}),
                    Cohort(5, placed=2, demographics={"race_ethnicity": "Black or African American"})])
    groups = {g.label: g for g in _dimension(report, "race_ethnicity").groups}
    assert groups["Black or African American"].text("students") == FEWER_TEXT
    # The smallest other group of the column is hidden too, so that total − the others does not give it away.
    assert groups["White"].text("students") == NOT_SHOWN_TEXT and groups["White"].rate("placed") is None
    assert groups["Asian"].text("students") == "30" and groups["Hispanic or Latino"].text("students") == "40"
    assert report.overall.text("students") == "90"


def test_a_small_count_of_students_not_placed_hides_the_placed_count_that_would_give_it_away(build):
    report = build([Cohort(30, placed=25, demographics={"english_learner": True}),
                    Cohort(40, placed=20, demographics={"english_learner": False})])
    learners = _group(report, "english_learner", "Yes")
    assert learners.text("students") == "30"
    assert learners.text("placed") == NOT_SHOWN_TEXT and learners.rate("placed") is None


def test_the_suppression_rule_leaves_no_protected_count_to_be_worked_out_by_subtraction():
    total, small, middle, large = Cell(30), Cell(3), Cell(12), Cell(15)
    hidden_total, shown_part, hidden_small = Cell(20), Cell(15), Cell(5, hidden=True)
    cells = [total, small, middle, large, hidden_total, shown_part, hidden_small]
    relations = [Relation(total, [small, middle, large]), Relation(hidden_total, [shown_part, hidden_small])]
    protect(cells, relations)
    assert small.small and small.text == FEWER_TEXT
    assert middle.complementary and middle.text == NOT_SHOWN_TEXT
    assert large.shown and total.shown
    assert shown_part.complementary or hidden_total.complementary
    known = derivable(cells, relations)
    assert small not in known and hidden_small not in known


def test_no_protected_count_of_a_report_can_be_worked_out_by_subtraction(build, make_school):
    other = make_school(name="South High")
    report = build([Cohort(40, placed=30, demographics={"gender": "female", "rural": True, "foster_youth": False}),
                    Cohort(25, placed=9, demographics={"gender": "male", "rural": False}, school=other),
                    Cohort(7, placed=2, demographics={"gender": "nonbinary", "foster_youth": True}),
                    Cohort(13, placed=12, demographics=None, reasons=TAKEN)])
    known = derivable(report.cells, report.relations)
    assert [c for c in report.cells if c.protected and c in known] == []
    protected = [c for c in report.cells if c.protected]
    assert determined(report.cells, report.relations, protected, SMALL_CELL) == []  # nor by combining sums
    assert report.overall.cells["students"].value == 85 and _group(report, "gender", "Female").cells["students"].value == 40


def test_a_hidden_zero_points_at_nobody_and_needs_no_protection():
    total, part, zero = Cell(20), Cell(20), Cell(0, hidden=True)
    protect([total, part, zero], [Relation(total, [part, zero])])
    assert total.shown and part.shown


def test_students_without_demographics_or_with_an_empty_field_are_counted_as_not_recorded(build):
    report = build([Cohort(20, placed=10, demographics={"gender": "female"}),
                    Cohort(12, placed=0, demographics=None),
                    Cohort(11, placed=0, demographics={"gender": None, "english_learner": True})])
    gender = {g.label: g for g in _dimension(report, "gender").groups}
    assert list(gender) == ["Female", NOT_RECORDED]
    assert gender[NOT_RECORDED].cells["students"].value == 23
    learners = {g.label: g.cells["students"].value for g in _dimension(report, "english_learner").groups}
    assert learners == {"Yes": 11, NOT_RECORDED: 32}


def test_offer_outcomes_are_counted_from_each_students_latest_offer(build):
    offers = ("accepted",) * 12 + ("declined",) * 11 + ("withdrawn",) * 11 + ("open",) * 11
    report = build([Cohort(60, placed=45, offers=offers, demographics={"gender": "female"})])
    female = _group(report, "gender", "Female")
    assert report.has_offers
    assert {k: female.text(k) for k in ("offered", "accepted", "declined", "withdrawn", "open", "placed")} == {
        "offered": "45", "accepted": "12", "declined": "11", "withdrawn": "11", "open": "11", "placed": "23"}
    assert female.rate("accepted", "offered") == pytest.approx(12 / 45)


def test_a_round_never_solved_gives_a_report_that_says_so_and_a_csv_with_a_note(build):
    report = build([Cohort(12, demographics={"gender": "female"})], solved=False)
    assert report.solve is None and report.overall is None and report.dimensions == []
    rows = list(csv.reader(io.StringIO(equity_csv(report).decode("utf-8-sig"))))
    assert rows[0] == ["Note"] and "not been solved" in rows[1][0]


def test_the_main_reason_is_the_one_that_ruled_out_most_slots_in_the_students_own_career_areas():
    assert main_reason({"reasons": [{"code": "no_sector_match", "slots": 40}, {"code": "too_far", "slots": 6},
                                    {"code": "schedule_conflict", "slots": 2},
                                    {"code": "no_feasible_slot", "slots": 0}]}) == "too_far"
    assert main_reason({"reasons": [{"code": "too_far", "slots": 1}, {"code": "schedule_conflict", "slots": 4}]}) \
        == "schedule_conflict"
    assert main_reason({"reasons": [{"code": "capacity_taken", "slots": 3}]}) == "capacity_taken"
    assert main_reason({"reasons": []}) is None


def test_the_csv_holds_the_suppressed_table_with_formula_like_labels_neutralised(build, make_school):
    evil = make_school(name="=HYPERLINK(\"http://evil\")")
    report = build([Cohort(30, placed=15, demographics={"gender": "female"}),
                    Cohort(20, placed=10, demographics={"gender": "@SUM(A1)"}, school=evil),
                    Cohort(4, placed=1, demographics={"gender": "male"})])
    rows = list(csv.reader(io.StringIO(equity_csv(report).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:8] == ["Dimension", "Group", "Students", "Complete profiles", "Ranked slots", "Placed",
                          "Placement rate %", "Placement gap vs all students (points)"]
    assert body[0][:3] == ["All students", "All students", "54"] and body[0][4] == FEWER_TEXT
    gender = {row[1]: row for row in body if row[0] == "Gender"}
    assert gender["Male"][2] == FEWER_TEXT and gender["Male"][6] == "hidden"
    assert gender["'@SUM(A1)"][2] == NOT_SHOWN_TEXT  # complementary: the smaller of the other groups
    assert gender["Female"][2:5] == ["30", "30", FEWER_TEXT]
    schools = [row[1] for row in body if row[0] == "School"]
    assert "'=HYPERLINK(\"http://evil\")" in schools
    assert not any(cell.startswith(("=", "+", "@")) for row in body for cell in row)
    assert body[-1][0] == "Note"
