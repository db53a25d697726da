"""The state's WBLR file of the demo validates against the specification's rules; each rule catches its bad row;
the outcomes report hides small counts as the equity report does."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match.models import EvaluationKind, Placement, Role, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import seed_demo
from wbl_match.services.demo.after_match import AFTER_ROUND, add_after_match_demo
from wbl_match.services.equity.suppression import SMALL_CELL, derivable
from wbl_match.services.errors import Refused
from wbl_match.services.placements import checklist, lifecycle
from wbl_match.services.placements.evaluations import submit_evaluation
from wbl_match.services.placements.hours import approve_week, log_hours, monday_of
from wbl_match.services.reporting import wblr_spec
from wbl_match.services.reporting.outcomes import outcomes_report
from wbl_match.services.reporting.wblr import WblrOptions, academic_year_of, build_wblr, download_wblr
from wbl_match.services.reporting.wblr_validator import parse, validate
from tests.after_support import today


@pytest.fixture
def demo(app, session):
    seed_demo(session, get_passwords(app), seed=7, students=120, employers=20, slots=40)
    add_after_match_demo(session)
    return session.scalar(sa.select(User).where(User.email == "coordinator@south-valley.example.org"))


def _take_through(session, coordinator, progress, *, evaluate: bool, end_early: bool = False) -> None:
    """Readiness by the coordinator, start, two weeks of hours approved by the employer's account, the end."""
    placement = progress.placement
    kinds = {i.kind.value for i in progress.items}
    if "work_permit" in kinds:
        checklist.record_work_permit(session, coordinator, progress, statement_of_intent=True, number="P1",
                                     max_daily_hours="4", max_weekly_hours="20",
                                     expires_on=(today() + timedelta(days=365)).isoformat())
    if "guardian_consent" in kinds:
        from wbl_match.services.placements.consent import send_consent_link, sign_consent

        tokens = []
        send_consent_link(session, coordinator, progress, "family@example.org", lambda t: tokens.append(t) or t)
        sign_consent(session, tokens[0], name="A Parent", relationship="parent", signed_on=today().isoformat(),
                     from_address="127.0.0.1", agent="test")
    checklist.accept_agreement(session, coordinator, progress, "Owner (paper)")
    checklist.record_insurance(session, coordinator, progress, insurer="Mutual",
                               expires_on=(today() + timedelta(days=400)).isoformat())
    checklist.record_orientation(session, coordinator, progress, progress.start_on.isoformat())
    lifecycle.start_placement(session, coordinator, progress)
    employer_users = placement.slot.employer.users
    for week in (1, 2):
        monday = monday_of(progress.start_on) + timedelta(days=7 * week)
        log_hours(session, coordinator, progress, monday, "2")
        log_hours(session, coordinator, progress, monday + timedelta(days=2), "2")
        if employer_users:
            approve_week(session, employer_users[0], progress, monday)
        else:
            for entry in progress.hours:
                entry.approved_at, entry.approved_by_name = today(), "Supervisor (link)"
            session.commit()
    if evaluate and employer_users:
        submit_evaluation(session, employer_users[0], progress, EvaluationKind.FINAL,
                          {"foundational": "3", "applied_workplace": "4", "self_management": "3", "overall": "3",
                           "would_host_again": "yes"})
    if end_early:
        lifecycle.end_early(session, coordinator, progress, "The student changed schools.")
    else:
        lifecycle.complete_placement(session, coordinator, progress)


def _finish_demo(session, coordinator) -> list:
    records = lifecycle.ensure_progress(session, coordinator.consortium_id)
    for index, progress in enumerate(records):
        _take_through(session, coordinator, progress, evaluate=index % 3 != 2, end_early=index == 1)
    return records


def test_the_demo_adds_accepted_placements_once(demo, session):
    placements = session.scalars(sa.select(Placement).join(Placement.round).where(
        Placement.round.has(name=AFTER_ROUND))).all()
    assert len(placements) == 23
    with pytest.raises(Refused):
        add_after_match_demo(session)


def test_the_demos_wblr_export_validates_against_the_specifications_rules(demo, session):
    records = _finish_demo(session, demo)
    export = download_wblr(session, demo, WblrOptions(academic_year=academic_year_of(today())))
    assert export.problems == []
    rows = parse(export.text)
    assert len(rows) == len(records) == 23
    assert validate(rows) == []
    assert all(len(row) == len(wblr_spec.FIELDS) for row in rows)
    by_name = [{f.name: row[i] for i, f in enumerate(wblr_spec.FIELDS)} for row in rows]
    assert {r["Work-Based Learning Type Code"] for r in by_name} == {"10"}
    assert {r["Work-Based Learning Hours - External"] for r in by_name} == {"8"}
    codes = [r["Internship-Employer Performance Evaluation Code"] for r in by_name]
    assert set(codes) <= set(wblr_spec.EVALUATION_CODES) and wblr_spec.NOT_PROVIDED in codes and "3" in codes


def test_a_school_filter_keeps_only_that_schools_records(demo, session):
    records = _finish_demo(session, demo)
    school = records[0].placement.student.school
    export = build_wblr(session, demo.consortium_id, WblrOptions(academic_year_of(today()), school_id=school.id))
    assert len(export.rows) == sum(r.placement.student.school_id == school.id for r in records)
    assert {row[wblr_spec.INDEX["School of Attendance"]] for row in export.rows} == {school.cds_code[7:]}


def test_another_years_export_is_empty_and_a_wrong_year_is_refused(demo, session):
    from wbl_match.services.errors import FieldErrors

    _finish_demo(session, demo)
    start = int(academic_year_of(today())[:4])
    assert build_wblr(session, demo.consortium_id, WblrOptions(f"{start - 1}-{start}")).rows == []
    with pytest.raises(FieldErrors):
        build_wblr(session, demo.consortium_id, WblrOptions("2026-2028"))


GOOD = ["WBLR", "", "WBLM1", "5471860", "5430116", "", "2026-2027", "1234567890", "", "10", "WBLM-1", "40", "3",
        "Y", "N", ""]


def _with(**changes) -> list[str]:
    row = list(GOOD)
    for name, value in changes.items():
        row[wblr_spec.INDEX[name.replace("_", " ")]] = value
    return row


def test_a_good_row_passes():
    assert validate([GOOD]) == []


@pytest.mark.parametrize("field, value, message", [
    ("Record Type Code", "WBL", "must be WBLR"),
    ("Transaction Type Code", "X", "must be blank"),
    ("Local Record ID", "", "is missing"),
    ("Reporting LEA", "54718", "must be 7 digits"),
    ("School of Attendance", "54301A6", "must be 7 digits"),
    ("Academic Year ID", "2026-2028", "consecutive years"),
    ("SSID", "S000123", "must be 10 digits"),
    ("Work-Based Learning Type Code", "30", "not in the code set"),
    ("Internship ID", "", "is required for an internship"),
    ("Internship ID", "X" * 37, "at most 36"),
    ("Work-Based Learning Hours - External", "12.5", "whole number"),
    ("Work-Based Learning Hours - External", "0", "no approved hours"),
    ("Internship-Employer Performance Evaluation Code", "", "not in the code set"),
    ("Internship-Employer Performance Evaluation Code", "9", "not in the code set"),
    ("Internship - LEA Sponsored Indicator", "yes", "must be Y or N"),
    ("Internship - Certified Supervised Indicator", "", "must be Y or N"),
    ("State Course Code - Embedded Work-Based Learning", "12A4", "4 digits"),
    ("SSID", " 1234567890", "spaces around"),
])
def test_each_rule_names_the_bad_row_and_field(field, value, message):
    row = list(GOOD)
    row[wblr_spec.INDEX[field]] = value
    problems = validate([GOOD, row])
    assert any(p.row == 2 and p.field == field and message in p.message for p in problems), problems
    assert all(p.row == 2 for p in problems)


def test_internship_fields_must_be_blank_for_other_types():
    row = _with(**{"Work-Based Learning Type Code": "35"})
    fields = {p.field for p in validate([row])}
    assert {"Internship ID", "Internship-Employer Performance Evaluation Code",
            "Work-Based Learning Hours - External"} <= fields


def test_a_repeated_record_and_a_shared_internship_id_are_named():
    other_student = _with(SSID="1234567891")
    problems = validate([GOOD, list(GOOD), other_student])
    assert any(p.row == 2 and "repeats the record of row 1" in p.message for p in problems)
    assert any(p.row == 3 and p.field == "Internship ID" and "unique" in p.message for p in problems)


def test_a_row_with_the_wrong_number_of_fields_is_named():
    assert validate([GOOD[:-1]])[0].field == "record"


def test_the_outcomes_report_hides_every_small_count_and_none_can_be_worked_out(demo, session):
    _finish_demo(session, demo)
    report = outcomes_report(session, demo.consortium_id)
    assert report.overall.cells["placements"].value == 23 and report.overall.text("placements") == "23"
    shown_small = [c for c in report.cells if c.shown and c.value < SMALL_CELL]
    assert shown_small == []
    known = derivable(report.cells, report.relations)
    assert [c for c in report.cells if c.protected and c in known] == []
    school = next(d for d in report.dimensions if d.key == "school")
    assert all(r.text("placements") in ("fewer than 11", "not shown") or r.cells["placements"].value >= 11
               for r in school.rows)


def test_outcomes_count_completion_evaluations_and_hours(demo, session):
    _finish_demo(session, demo)
    overall = outcomes_report(session, demo.consortium_id).overall
    values = {k: c.value for k, c in overall.cells.items()}
    assert values["completed"] == 22 and values["ended_early"] == 1
    assert values["evaluated"] == values["meets"] == values["host_again"]
    assert overall.mean_hours is None or overall.mean_hours == pytest.approx(8.0)


def test_the_demos_export_follows_the_layout_field_by_field(demo, session):
    _finish_demo(session, demo)
    rows = parse(build_wblr(session, demo.consortium_id, WblrOptions(academic_year_of(today()))).text)
    numbers = [f.number for f in wblr_spec.FIELDS]
    assert numbers == [f"21.{n:02d}" for n in range(1, len(numbers) + 1)]
    for row in rows:
        for field, value in zip(wblr_spec.FIELDS, row):
            assert len(value) <= field.max_length, (field.name, value)
            if field.required == "Y":
                assert value, field.name
        record = dict(zip((f.name for f in wblr_spec.FIELDS), row))
        assert record["Record Type Code"] == "WBLR"
        assert record["Academic Year ID"] == academic_year_of(today())
        assert record["Work-Based Learning Type Code"] in wblr_spec.WBL_TYPES
        assert record["Internship-Employer Performance Evaluation Code"] in wblr_spec.EVALUATION_CODES


def test_a_bad_row_of_the_demo_is_named_with_its_student_before_the_download(demo, session):
    records = _finish_demo(session, demo)
    student = records[4].placement.student
    student.external_id = "S-0042"
    session.commit()
    export = build_wblr(session, demo.consortium_id, WblrOptions(academic_year_of(today())))
    assert [(p.field, "10 digits" in p.message) for p in export.problems] == [("SSID", True)]
    assert export.student_of(export.problems[0]).id == student.id
    with pytest.raises(Refused, match="1 problem"):
        download_wblr(session, demo, WblrOptions(academic_year_of(today())))


@pytest.mark.parametrize("field", [f.name for f in wblr_spec.FIELDS if f.required == "Y"])
def test_every_field_the_layout_requires_is_named_when_blank(field):
    problems = validate([GOOD, _with(**{field: ""})])
    assert any(p.row == 2 and p.field == field and "is required (field 21." in p.message for p in problems)


def test_a_student_led_enterprise_must_name_its_state_course():
    enterprise = _with(**{"Work-Based Learning Type Code": "15", "Internship ID": "",
                          "Internship-Employer Performance Evaluation Code": "",
                          "Internship - LEA Sponsored Indicator": "",
                          "Internship - Certified Supervised Indicator": ""})
    assert [(p.field, p.message) for p in validate([enterprise])] == [
        ("State Course Code - Embedded Work-Based Learning", "is required for type 15")]
    enterprise[wblr_spec.INDEX["State Course Code - Embedded Work-Based Learning"]] = "7200"
    assert validate([enterprise]) == []


def test_two_records_differing_only_in_their_course_are_not_a_repeat():
    other_course = _with(**{"State Course Code - Embedded Work-Based Learning": "7200"})
    assert [p for p in validate([GOOD, other_course]) if "repeats" in p.message] == []
