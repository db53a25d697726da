"""The consortium's limits for minors: the built-in California table, versions, terms, and what rounds apply."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from wbl_match.matching.rules import pair_failures
from wbl_match.models import AuditEvent, MatchRound, Role, RoundState
from wbl_match.services import engine_io, work_limits
from wbl_match.services.rounds import round_rows
from wbl_match.services.employers.hours import hours_note
from wbl_match.services.errors import FieldErrors
from wbl_match.services.rounds import round_readiness
from wbl_match.services.students.eligibility import eligible_slots, work_limits_note

SPRING = dict(term_start=date(2027, 2, 1), term_end=date(2027, 5, 21))
SUMMER = dict(term_start=date(2027, 6, 14), term_end=date(2027, 7, 30))
#: Born so that they are 15 (and 16) on 1 February 2027.
AGE_15, AGE_16 = date(2011, 8, 1), date(2010, 8, 1)
TUESDAY_4H = ((1, 15 * 60, 19 * 60),)


def a_round(session, consortium, school, slots, **fields) -> MatchRound:
    values = dict(consortium_id=consortium.id, name="Spring 2027", schools=[school], slots=slots,
                  state=RoundState.OPEN, **SPRING)
    values.update(fields)
    match_round = MatchRound(**values)
    session.add(match_round)
    session.commit()
    return match_round


def test_a_consortium_starts_with_californias_table_as_version_0(session, consortium):
    table = work_limits.current_table(session, consortium.id)
    assert table.built_in and table.version == 0
    youngest, older = table.bands
    assert (youngest["max_age"], youngest["school_day_hours"], youngest["school_week_hours"]) == (15, 3, 18)
    assert (youngest["earliest"], youngest["latest"], youngest["vacation_week_hours"]) == ("07:00", "19:00", 40)
    assert (older["max_age"], older["school_day_hours"], older["other_day_hours"]) == (17, 4, 8)
    assert (older["earliest"], older["latest"], older["latest_before_other_day"]) == ("05:00", "22:00", "24:00")


def test_an_administrator_saves_a_new_version_with_a_note_and_it_is_audited(session, consortium, make_user):
    admin = make_user(Role.ADMIN)
    bands = [dict(b) for b in work_limits.CALIFORNIA_BANDS]
    bands[1]["school_week_hours"] = 28
    saved = work_limits.save_table(session, admin, list(reversed(bands)), "District permits: 28 hours for 16-17.")
    assert saved.version == 1 and saved.bands[1]["school_week_hours"] == 28
    assert [b["max_age"] for b in saved.bands] == [15, 17]
    assert work_limits.current_table(session, consortium.id).version == 1
    assert [t.version for t in work_limits.table_history(session, consortium.id)] == [1, 0]
    event = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "work_limits.changed"))
    assert event.actor_id == admin.id and event.details["version"] == 1 and event.details["previous"] == 0


def test_bad_bands_are_refused_with_the_engines_message_and_nothing_is_saved(session, consortium, make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(FieldErrors) as error:
        work_limits.save_table(session, admin, [{"max_age": 15, "latest": "7pm"}], "Our permits.")
    assert error.value.errors == {"bands": ['band[0].latest: must be a time "HH:MM" on the 24-hour clock']}
    with pytest.raises(FieldErrors) as error:
        work_limits.save_table(session, admin, [{"max_age": 15}, {"max_age": 15}], "Our permits.")
    assert "same oldest age" in error.value.errors["bands"][0]
    with pytest.raises(FieldErrors) as error:
        work_limits.save_table(session, admin, list(work_limits.CALIFORNIA_BANDS), "  ")
    assert "note" in error.value.errors
    assert work_limits.current_table(session, consortium.id).version == 0


def test_only_an_administrator_changes_the_limits(session, make_user):
    with pytest.raises(PermissionError):
        work_limits.save_table(session, make_user(Role.INTERMEDIARY), list(work_limits.CALIFORNIA_BANDS), "No.")


def test_labor_day_is_the_first_monday_of_september():
    assert work_limits.labor_day(2027) == date(2027, 9, 6)
    assert work_limits.labor_day(2026) == date(2026, 9, 7)


@pytest.mark.parametrize(("dates", "kind", "term"), [
    (SPRING, "auto", "school"), (SUMMER, "auto", "vacation"), (SUMMER, "school", "school"),
    (SPRING, "vacation", "vacation"), (dict(term_start=date(2027, 5, 20), term_end=date(2027, 6, 30)), "auto", "school"),
    (dict(term_start=date(2027, 6, 14), term_end=None), "auto", "school"),
])
def test_the_term_comes_from_the_dates_unless_the_round_says(dates, kind, term):
    assert work_limits.term_of(MatchRound(term_kind=kind, **dates)) == term


def test_a_summer_round_lets_14_and_15_year_olds_work_until_nine(session, consortium):
    summer = MatchRound(consortium_id=consortium.id, apply_work_limits=True, term_kind="auto", **SUMMER)
    work = work_limits.round_work(session, summer)
    assert work.term == "vacation" and work.version == 0
    assert work.bands[0]["latest"] == "21:00" and work.bands[1]["latest"] == "22:00"
    spring = MatchRound(consortium_id=consortium.id, apply_work_limits=True, term_kind="auto", **SPRING)
    assert work_limits.round_work(session, spring).bands[0]["latest"] == "19:00"


def test_the_round_file_carries_the_rules_term_version_cap_and_pathways(session, consortium, make_school,
                                                                        make_student, make_slot):
    school = make_school()
    make_student(school_id=school.id, date_of_birth=AGE_15, pathway_code="patient-care")
    slot = make_slot(shifts=TUESDAY_4H, pathway_code="biotechnology", extra_pathway_codes=["patient-care"], **SPRING)
    match_round = a_round(session, consortium, school, [slot], state=RoundState.CLOSED, max_week_hours=10,
                          pathway_rule="required")
    document, round_ = round_rows.round_file_for(session, match_round)
    policy = document["policy"]
    assert policy["work_limits"] == list(work_limits.CALIFORNIA_BANDS)
    assert policy["max_week_hours"] == 10 and policy["pathway_rule"] == "required"
    assert policy["work_limits_version"] == 0 and "term" not in policy  # school is the default
    assert document["students"][0]["age"] == 15 and document["students"][0]["pathway"] == "patient-care"
    assert document["slots"][0]["pathways"] == ["biotechnology", "patient-care"]
    assert round_.policy.work_limits[0].school_day_hours == 3


def test_a_round_that_does_not_apply_the_limits_sends_none(session, consortium, make_school, make_student, make_slot):
    school = make_school()
    make_student(school_id=school.id)
    match_round = a_round(session, consortium, school, [make_slot(**SPRING)], apply_work_limits=False)
    document, _ = round_rows.round_file_for(session, match_round)
    assert "work_limits" not in document["policy"] and "work_limits_version" not in document["policy"]


def test_a_15_year_old_never_sees_a_4_hour_school_day_slot_and_a_16_year_old_does(
        session, consortium, make_school, make_student, make_slot):
    school = make_school()
    fifteen = make_student(school_id=school.id, date_of_birth=AGE_15, availability=((1, 15 * 60, 19 * 60),))
    sixteen = make_student(school_id=school.id, date_of_birth=AGE_16, availability=((1, 15 * 60, 19 * 60),))
    long_shift = make_slot(shifts=TUESDAY_4H, **SPRING)
    match_round = a_round(session, consortium, school, [long_shift])
    assert [e.slot.id for e in eligible_slots(session, sixteen, match_round)] == [long_shift.id]
    assert eligible_slots(session, fifteen, match_round) == []
    note = work_limits_note(session, fifteen, match_round)
    assert note.startswith("Slots beyond the limits for your age (15 on February 1) are not shown.")
    assert "At most 3 hours on a school day" in note
    match_round.apply_work_limits = False
    session.commit()
    assert [e.slot.id for e in eligible_slots(session, fifteen, match_round)] == [long_shift.id]
    assert work_limits_note(session, fifteen, match_round) is None


def test_a_student_without_a_birth_date_is_held_to_the_youngest_band_and_readiness_says_so(
        session, consortium, make_school, make_student, make_slot):
    school = make_school()
    unknown = make_student(school_id=school.id, date_of_birth=None, availability=((1, 15 * 60, 19 * 60),))
    make_student(school_id=school.id, date_of_birth=AGE_16)
    match_round = a_round(session, consortium, school, [make_slot(shifts=TUESDAY_4H, **SPRING)])
    assert eligible_slots(session, unknown, match_round) == []
    assert "no date of birth" in work_limits_note(session, unknown, match_round)
    assert round_readiness(session, match_round).no_birth_date == 1
    match_round.apply_work_limits = False
    session.commit()
    assert round_readiness(session, match_round).no_birth_date == 0


def test_a_slot_meant_for_other_pathways_is_hidden_only_when_the_round_requires_pathways(
        session, consortium, make_school, make_student, make_slot):
    school = make_school()
    student = make_student(school_id=school.id, pathway_code="patient-care")
    slot = make_slot(pathway_code="biotechnology", **SPRING)
    match_round = a_round(session, consortium, school, [slot])
    assert len(eligible_slots(session, student, match_round)) == 1
    match_round.pathway_rule = "required"
    session.commit()
    assert eligible_slots(session, student, match_round) == []
    slot.extra_pathway_codes = ["patient-care"]
    session.commit()
    assert len(eligible_slots(session, student, match_round)) == 1
    assert engine_io.slot_pathways(slot) == ("biotechnology", "patient-care")


def test_the_employer_is_told_which_ages_a_schedule_is_open_to(session, consortium):
    start, end = SPRING["term_start"], SPRING["term_end"]
    assert hours_note(session, consortium.id, TUESDAY_4H, start, end) == \
        "4 hours on Tuesday: open to students 16 and older in a school term."
    assert hours_note(session, consortium.id, ((0, 15 * 60, 17 * 60),), start, end) == \
        "This schedule is open to students of every age in a school term."
    assert hours_note(session, consortium.id, ((5, 8 * 60, 17 * 60),), start, end) == \
        "9 hours on Saturday: open only to students 18 and older in a school term (the limits for minors)."
    summer = ((0, 9 * 60, 17 * 60),)
    assert hours_note(session, consortium.id, summer, *SUMMER.values()) == \
        "This schedule is open to students of every age in a vacation."
    assert hours_note(session, consortium.id, (), start, end) is None


def test_the_employers_note_is_the_engines_rule(session, consortium):
    """For every band the note's verdict is the engine's ``pair_failures`` on a student of that age."""
    from wbl_match.matching import Interval, Policy, Slot, Student
    from wbl_match.matching.work_hours import read_policy_fields

    policy = Policy(sector_rule="preferred", **read_policy_fields({"work_limits": list(work_limits.CALIFORNIA_BANDS)}))
    shift = Slot(id="j", capacity=1, remote=True, schedule=(Interval(1, 15 * 60, 19 * 60),))
    assert pair_failures(Student(id="s", age=15), shift, policy) == ["work_hours"]
    assert pair_failures(Student(id="s", age=16), shift, policy) == []
