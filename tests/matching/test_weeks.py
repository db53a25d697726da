"""Rule 3 on weeks as bitsets (weeks.py) equals the plain rule (rules.py), at every grain."""

import numpy as np
import pytest
from hypothesis import given, settings

from wbl_match.matching import load_round
from wbl_match.matching.compiled import _merged_spans, compile_round
from wbl_match.matching.constants import DAY_STRIDE
from wbl_match.matching.feasibility import ClassTable, evaluate, feasible_pairs
from wbl_match.matching.rules import merge_intervals, schedule_fits as plain_fits
from wbl_match.matching.weeks import round_grain, schedule_fits, week_bits

from random_rounds import reference_pairs
from random_weeks import varied_rounds
from round_factories import iv, make_round, make_slot, make_student

PROPERTY = settings(max_examples=60, derandomize=True, deadline=None)
GRAINS = (30, 15, 5, 1)


def every_pair(c):
    s, j = np.divmod(np.arange(c.n_students * c.n_slots), max(1, c.n_slots))
    return s, j


def plain(c, s, j):
    return np.array([plain_fits(c.slots[b].schedule, c.students[a].availability)
                     for a, b in zip(s.tolist(), j.tolist())], dtype=bool)


def pairs_with(round_, max_cells, max_eligibility_cells):
    saved = ClassTable.MAX_CELLS, ClassTable.MAX_ELIGIBILITY_CELLS
    ClassTable.MAX_CELLS, ClassTable.MAX_ELIGIBILITY_CELLS = max_cells, max_eligibility_cells
    try:
        c = compile_round(round_)
        pairs = feasible_pairs(c)
    finally:
        ClassTable.MAX_CELLS, ClassTable.MAX_ELIGIBILITY_CELLS = saved
    return {(c.students[a].id, c.slots[b].id) for a, b in zip(pairs.s.tolist(), pairs.j.tolist())}


@pytest.mark.parametrize("grain", GRAINS)
def test_the_bitsets_agree_with_the_plain_schedule_rule_at_every_grain(grain):
    @PROPERTY
    @given(varied_rounds(grain))
    def check(data):
        c = compile_round(load_round(data))
        s, j = every_pair(c)
        assert schedule_fits(c, s, j).tolist() == plain(c, s, j).tolist()
        assert round_grain(c.sc_start, c.sc_end) % grain == 0 or not len(c.sc_start)

    check()


@pytest.mark.parametrize("grain", (30, 15, 5))
def test_a_student_boundary_finer_than_the_slots_grain_leaves_that_cell_not_free(grain):
    @PROPERTY
    @given(varied_rounds(grain, student_grain=1))
    def check(data):
        c = compile_round(load_round(data))
        s, j = every_pair(c)
        assert schedule_fits(c, s, j).tolist() == plain(c, s, j).tolist()

    check()


@pytest.mark.parametrize("grain", GRAINS)
def test_every_fast_path_of_the_feasible_pairs_agrees_with_the_plain_rules(grain):
    @PROPERTY
    @given(varied_rounds(grain))
    def check(data):
        round_ = load_round(data)
        expected = set(reference_pairs(round_))
        assert pairs_with(round_, 4_000_000, 4_000_000) == expected  # the class table
        assert pairs_with(round_, 0, 4_000_000) == expected  # eligibility classes and week bitsets
        assert pairs_with(round_, 0, 0) == expected  # pair by pair, with the week bitsets

    check()


@pytest.mark.parametrize("grain", GRAINS)
def test_the_schedule_bit_of_the_explanations_agrees_with_the_plain_rule(grain):
    @PROPERTY
    @given(varied_rounds(grain))
    def check(data):
        c = compile_round(load_round(data))
        s, j = every_pair(c)
        _, fails = evaluate(c, s, j)
        assert ((fails & 4) == 0).tolist() == plain(c, s, j).tolist()

    check()


def test_the_grain_is_the_largest_divisor_of_half_an_hour_on_which_every_boundary_falls():
    def grain(*schedule):
        round_ = load_round(make_round([], [make_slot("j1", schedule=list(schedule))]))
        c = compile_round(round_)
        return round_grain(c.sc_start, c.sc_end)

    assert grain(iv("mon", "15:00", "17:30")) == 30
    assert grain(iv("mon", "15:15", "17:30")) == 15
    assert grain(iv("mon", "15:00", "17:35")) == 5
    assert grain(iv("mon", "15:00", "17:30"), iv("tue", "09:07", "10:00")) == 1
    assert grain(iv("mon", "15:00", "16:00"), iv("tue", "09:10", "10:00")) == 10


def test_only_the_cells_some_slot_needs_are_kept():
    slots = [make_slot("j1", schedule=[iv("mon", "15:00", "17:00")]),
             make_slot("j2", schedule=[iv("sat", "09:00", "10:00"), iv("mon", "16:00", "18:00")])]
    c = compile_round(load_round(make_round([make_student("s1")], slots)))
    bits = week_bits(c)
    assert bits.grain == 30 and bits.words == 1  # mon 15:00–18:00 and sat 09:00–10:00: 8 cells
    assert int(bits.need[0, 0]) == 0b1111  # j1: the four cells j2 needs too, then its own two, come first


def test_a_slot_needing_a_whole_day_up_to_midnight_fits_a_student_free_until_midnight():
    student = make_student("s1", availability=[iv("mon", "00:00", "12:00"), iv("mon", "12:00", "24:00")])
    slot = make_slot("j1", schedule=[iv("mon", "00:00", "24:00")])
    c = compile_round(load_round(make_round([student], [slot])))
    assert schedule_fits(c, np.array([0]), np.array([0])).tolist() == [True]


def test_a_gap_of_one_minute_between_free_intervals_breaks_a_slot_across_it():
    student = make_student("s1", availability=[iv("mon", "15:00", "16:00"), iv("mon", "16:01", "18:00")])
    slot = make_slot("j1", schedule=[iv("mon", "15:30", "17:00")])
    c = compile_round(load_round(make_round([student], [slot])))
    assert schedule_fits(c, np.array([0]), np.array([0])).tolist() == [False]


@pytest.mark.parametrize("grain", (30, 1))
def test_merging_every_week_at_once_equals_merging_each_with_the_plain_rule(grain):
    @PROPERTY
    @given(varied_rounds(grain))
    def check(data):
        weeks = [s.availability or () for s in load_round(data).students]
        starts, ends, counts = _merged_spans(weeks)
        expected = [[(day * DAY_STRIDE + a, day * DAY_STRIDE + b) for day, runs in sorted(merge_intervals(w).items())
                     for a, b in runs] for w in weeks]
        assert counts.tolist() == [len(x) for x in expected]
        assert list(zip(starts.tolist(), ends.tolist())) == [span for x in expected for span in x]

    check()
