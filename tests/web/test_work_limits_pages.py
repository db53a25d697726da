"""The limits for minors on the web: staff read them, administrators change them, employers see them as they post."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from wbl_match.models import MatchRound, Role, RoundState, WorkLimitTable
from tests.conftest import csrf_token_from


def _post(client, url, data, page=None):
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _band_form(bands, note):
    data = {"bands": str(len(bands)), "note": note}
    for i, band in enumerate(bands):
        data.update({f"band-{i}-{key}": str(value) for key, value in band.items()})
    return data


def test_staff_read_the_limits_in_plain_words_with_their_sources(client, signed_in):
    signed_in(Role.INTERMEDIARY)
    page = client.get("/intermediary/work-limits").get_data(as_text=True)
    assert "Up to age 15" in page and "Ages 16–17" in page
    assert "At most 3 hours on a school day" in page and "Between 07:00 and 19:00." in page
    assert "until 24:00 before a day without school" in page
    assert "Labor Code § 1391" in page and "Education Code § 49116" in page
    assert "Change the limits" not in page  # only administrators change them


def test_an_administrator_changes_the_limits_and_a_new_version_applies(client, signed_in, session):
    admin = signed_in(Role.ADMIN)
    assert 'name="band-1-school_week_hours" value="48"' in client.get("/admin/work-limits").get_data(as_text=True)
    bands = [{"max_age": 15, "school_day_hours": 3, "other_day_hours": 8, "school_week_hours": 18,
              "vacation_week_hours": 40, "earliest": "07:00", "latest": "19:00"},
             {"max_age": 17, "school_day_hours": 4, "other_day_hours": 8, "school_week_hours": 28,
              "vacation_week_hours": 48, "earliest": "05:00", "latest": "22:00", "latest_before_other_day": "24:00"}]
    response = _post(client, "/admin/work-limits", _band_form(bands, "Our district's permits: 28 hours."))
    assert response.status_code == 302
    row = session.scalars(sa.select(WorkLimitTable)).one()
    assert (row.version, row.created_by_id, row.bands[1]["school_week_hours"]) == (1, admin.id, 28)
    page = client.get("/intermediary/work-limits").get_data(as_text=True)
    assert "Version 1" in page and "Our district&#39;s permits: 28 hours." in page and "At most 28 hours" in page


def test_bad_figures_are_shown_again_with_the_message_and_nothing_is_saved(client, signed_in, session):
    signed_in(Role.ADMIN)
    response = _post(client, "/admin/work-limits", _band_form([{"max_age": 15, "latest": "7pm"}], "Permits."))
    assert response.status_code == 422
    assert "band[0].latest: must be a time" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(WorkLimitTable.id))) == 0


def test_an_intermediary_cannot_change_the_limits(client, signed_in):
    signed_in(Role.INTERMEDIARY)
    assert client.get("/admin/work-limits").status_code == 403


def test_the_slot_form_tells_the_employer_which_ages_the_shift_is_open_to(client, signed_in):
    signed_in(Role.EMPLOYER)
    page = client.get("/employer/slots/new").get_data(as_text=True)
    assert 'id="hours-note"' in page and "hours-note.js" in page
    four_hours = [f"1-{m}" for m in range(900, 1140, 30)]  # Tuesday 15:00–19:00
    response = _post(client, "/employer/slots/hours", {"schedule": four_hours, "term_start": "2027-02-01",
                                                         "term_end": "2027-05-21"}, page="/employer/slots/new")
    assert response.status_code == 200
    assert "4 hours on Tuesday: open to students 16 and older in a school term." in response.get_data(as_text=True)
    two_hours = _post(client, "/employer/slots/hours", {"schedule": ["0-900", "0-930", "0-960", "0-990"]},
                      page="/employer/slots/new")
    assert "open to students of every age" in two_hours.get_data(as_text=True)


def test_the_employer_reads_the_limits_without_the_versions(client, signed_in):
    signed_in(Role.EMPLOYER)
    page = client.get("/employer/work-limits").get_data(as_text=True)
    assert "At most 4 hours on a school day" in page and "Versions" not in page


def test_round_settings_keep_the_limits_term_cap_and_pathway_rule(client, signed_in, session, make_school):
    signed_in(Role.INTERMEDIARY)
    make_school()
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Spring 2027", "all_schools": "y", "all_slots": "y", "mechanism": "optimal",
        "sector_rule": "required", "max_ranked": "5", "term_start": "2027-02-01", "term_end": "2027-05-21",
        "apply_work_limits": "y", "term_kind": "vacation", "max_week_hours": "12.5", "pathway_rule": "preferred"})
    assert response.status_code == 302
    match_round = session.scalars(sa.select(MatchRound)).one()
    assert (match_round.apply_work_limits, match_round.term_kind, match_round.max_week_hours,
            match_round.pathway_rule) == (True, "vacation", 12.5, "preferred")
    page = client.get(f"/intermediary/rounds/{match_round.id}").get_data(as_text=True)
    assert "built-in California table" in page and "vacation term" in page and "programme cap 12.5 hours" in page


def test_a_bad_weekly_cap_is_refused_beside_its_field(client, signed_in, session):
    signed_in(Role.INTERMEDIARY)
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Spring 2027", "mechanism": "optimal", "sector_rule": "required", "max_ranked": "5",
        "max_week_hours": "400", "term_kind": "auto", "pathway_rule": "off"})
    assert response.status_code == 422
    assert 'id="max_week_hours-error"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(MatchRound.id))) == 0


def test_the_student_is_told_why_slots_beyond_the_limits_are_missing(client, signed_in, session, consortium,
                                                                      make_school, make_slot, make_student):
    school = make_school()
    user = signed_in(Role.STUDENT)
    make_student(user_id=user.id, school_id=school.id, date_of_birth=date(2011, 8, 1), availability=((1, 900, 1140),))
    slot = make_slot(shifts=((1, 900, 1140),), title="Long Tuesday", term_start=date(2027, 2, 1),
                     term_end=date(2027, 5, 21))
    session.add(MatchRound(consortium_id=consortium.id, name="Spring 2027", term_start=date(2027, 2, 1),
                           term_end=date(2027, 5, 21), schools=[school], slots=[slot], state=RoundState.OPEN))
    session.commit()
    page = client.get("/student/slots").get_data(as_text=True)
    assert "Long Tuesday" not in page
    assert "Slots beyond the limits for your age (15 on February 1) are not shown." in page


def test_an_unplaced_15_year_old_reads_which_limit_the_nearest_slot_breaks(client, signed_in, session, consortium,
                                                                          make_school, make_slot, make_student,
                                                                          make_user):
    from wbl_match.services.rounds import publish_round, request_solve, run_round

    school = make_school()
    user = signed_in(Role.STUDENT)
    make_student(user_id=user.id, school_id=school.id, date_of_birth=date(2011, 8, 1), availability=((1, 900, 1140),))
    slot = make_slot(shifts=((1, 900, 1140),), term_start=date(2027, 2, 1), term_end=date(2027, 5, 21))
    match_round = MatchRound(consortium_id=consortium.id, name="Spring 2027", term_start=date(2027, 2, 1),
                             term_end=date(2027, 5, 21), schools=[school], slots=[slot], state=RoundState.CLOSED)
    session.add(match_round)
    session.commit()
    coordinator = make_user(Role.INTERMEDIARY)
    run = run_round(session, request_solve(session, coordinator, match_round.id).id)
    assert run.result["objective"]["placed"] == 0
    publish_round(session, coordinator, match_round.id)
    assert run.round_file["policy"]["work_limits_version"] == 0
    page = client.get("/student/").get_data(as_text=True)
    assert "1 slot needs more hours, or earlier or later hours, than students of your age may work." in page
    assert "asks for 4 hours on Tuesday; a 15-year-old may work 3 on a school day." in page
    assert "A shift within the limits at " in page and "slot j-" not in page  # the slot is named, not its id


def test_the_review_says_which_limits_the_solve_applied(client, signed_in, session, consortium, make_school,
                                                        make_slot, make_student, make_user):
    from wbl_match.services.rounds import request_solve, run_round

    staff = signed_in(Role.INTERMEDIARY)
    school = make_school()
    make_student(school_id=school.id)
    match_round = MatchRound(consortium_id=consortium.id, name="Summer", term_start=date(2027, 6, 14),
                             term_end=date(2027, 7, 30), schools=[school], slots=[make_slot()],
                             state=RoundState.CLOSED, max_week_hours=20)
    session.add(match_round)
    session.commit()
    run_round(session, request_solve(session, staff, match_round.id).id)
    page = client.get(f"/intermediary/rounds/{match_round.id}/review").get_data(as_text=True)
    assert ("This solve applied the limits for minors (built-in California table) in a vacation term, "
            "a programme cap of 20 hours a week, pathway rule off.") in page
