"""The whole round lifecycle through the intermediary's pages."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from wbl_match.models import (
    AuditEvent, MatchRound, OutboxMessage, OutboxStatus, Placement, PlacementStatus, Role, RoundState, SolveRun,
    SolveStatus,
)
from tests.conftest import csrf_token_from
from tests.services.rounds_support import build_round


@pytest.fixture
def staff(signed_in):
    return signed_in(Role.INTERMEDIARY)


@pytest.fixture
def closed_round(session, consortium, make_school, make_student, make_slot):
    return build_round(session, consortium, make_school, make_student, make_slot)


def _post(client, url, data=None, page=None):
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def _round_post(client, match_round, path, data=None):
    return _post(client, f"/intermediary/rounds/{match_round.id}{path}", data,
                 page=f"/intermediary/rounds/{match_round.id}")


def test_an_intermediary_creates_a_round_with_every_school_and_open_slot(client, session, staff, make_school,
                                                                         make_slot):
    school, slot = make_school(), make_slot()
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Autumn 2027", "all_schools": "y", "all_slots": "y", "mechanism": "optimal",
        "sector_rule": "required", "max_ranked": "5"})
    assert response.status_code == 302
    match_round = session.scalars(sa.select(MatchRound)).one()
    assert match_round.schools == [school] and match_round.slots == [slot]
    assert match_round.state is RoundState.DRAFT


def test_an_invalid_round_form_is_shown_again_with_messages_beside_the_fields_and_writes_nothing(
        client, session, staff):
    response = _post(client, "/intermediary/rounds/new", {
        "name": "", "mechanism": "stable", "sector_rule": "required", "max_ranked": "50"}, "/intermediary/rounds/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Give the round a name." in page and "Enter a number from 1 to 20." in page
    assert session.scalar(sa.select(sa.func.count(MatchRound.id))) == 0


def test_a_stable_round_without_employer_rankings_is_refused_beside_the_checkbox(client, session, staff):
    response = _post(client, "/intermediary/rounds/new", {
        "name": "Stable", "mechanism": "stable", "sector_rule": "required", "max_ranked": "5"},
        "/intermediary/rounds/new")
    assert response.status_code == 422
    assert "needs employers to rank" in response.get_data(as_text=True)


def test_the_round_page_shows_readiness_and_who_is_missing_what(client, staff, closed_round, make_student):
    match_round, students, _ = closed_round
    make_student(school_id=students[0].school_id, home_lat=None, home_lon=None)
    page = client.get(f"/intermediary/rounds/{match_round.id}").get_data(as_text=True)
    assert "complete profiles" in page and "home location" in page and "Solve" in page


def test_a_forbidden_move_is_answered_with_a_clear_message(client, session, staff, closed_round):
    match_round = closed_round[0]
    response = _round_post(client, match_round, "/publish")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A closed round cannot be published until it is solved." in page
    assert session.get(MatchRound, match_round.id).state is RoundState.CLOSED


def test_solving_from_the_page_runs_the_job_and_the_review_shows_figures_charts_and_reasons(
        client, session, staff, closed_round):
    match_round = closed_round[0]
    assert _round_post(client, match_round, "/solve").status_code == 302
    run = session.scalars(sa.select(SolveRun)).one()
    assert run.status is SolveStatus.SUCCEEDED  # jobs run synchronously in tests
    page = client.get(f"/intermediary/rounds/{match_round.id}/review").get_data(as_text=True)
    assert "placement rate" in page and "<svg" in page and "Unplaced students (2)" in page
    assert "<table" in page and "style=" not in page


def test_progress_polls_while_a_solve_is_queued_and_asks_for_a_refresh_when_it_ends(client, session, staff,
                                                                                   closed_round):
    from wbl_match.services.rounds import request_solve, run_round

    match_round = closed_round[0]
    run = request_solve(session, None, match_round.id)
    response = client.get(f"/intermediary/rounds/{match_round.id}/progress", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in response.get_data(as_text=True) and "HX-Refresh" not in response.headers
    run_round(session, run.id)
    response = client.get(f"/intermediary/rounds/{match_round.id}/progress", headers={"HX-Request": "true"})
    assert response.headers["HX-Refresh"] == "true"


def test_a_second_solve_request_is_refused_with_a_message(client, session, staff, closed_round):
    from wbl_match.services.rounds import request_solve

    match_round = closed_round[0]
    request_solve(session, None, match_round.id)
    response = _round_post(client, match_round, "/solve")
    assert "already running" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(SolveRun.id))) == 1


def _solve(client, match_round):
    assert _round_post(client, match_round, "/solve").status_code == 302


def test_pinning_from_the_adjust_page_and_solving_again_keeps_the_pin(client, session, staff, closed_round):
    match_round, students, slots = closed_round
    _solve(client, match_round)
    placed = {p.student_id for p in session.scalars(sa.select(Placement))}
    student = next(s for s in students if s.id not in placed)
    page_url = f"/intermediary/rounds/{match_round.id}/adjust?student={student.id}"
    response = _post(client, f"/intermediary/rounds/{match_round.id}/pins",
                     {"student_id": student.id, "slot_id": slots[0].id}, page_url)
    assert response.status_code == 302
    _solve(client, match_round)
    pinned = session.scalars(sa.select(Placement).where(Placement.student_id == student.id)).one()
    assert pinned.slot_id == slots[0].id and pinned.pinned
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action == "round.pinned")) == 1


def test_a_pin_without_a_slot_is_refused_beside_the_field(client, session, staff, closed_round):
    match_round, students, _ = closed_round
    _solve(client, match_round)
    page_url = f"/intermediary/rounds/{match_round.id}/adjust?student={students[0].id}"
    response = _post(client, f"/intermediary/rounds/{match_round.id}/pins",
                     {"student_id": students[0].id, "slot_id": "0"}, page_url)
    assert response.status_code == 422
    assert "Choose the slot to pin the student to." in response.get_data(as_text=True)


def test_excluding_a_pair_from_the_adjust_page(client, session, staff, closed_round):
    match_round, students, slots = closed_round
    _solve(client, match_round)
    page_url = f"/intermediary/rounds/{match_round.id}/adjust?student={students[0].id}"
    response = _post(client, f"/intermediary/rounds/{match_round.id}/exclusions",
                     {"student_id": students[0].id, "slot_id": slots[0].id, "reason": "=evil"}, page_url)
    assert response.status_code == 302
    assert "Excluded slots" in client.get(page_url).get_data(as_text=True)


def test_publish_outbox_staff_answer_and_rematch_through_the_pages(client, session, staff, closed_round):
    match_round = closed_round[0]
    _solve(client, match_round)
    _solve(client, match_round)
    compare = client.get(f"/intermediary/rounds/{match_round.id}/compare").get_data(as_text=True)
    assert "Earlier (" in compare and "Total cost" not in compare and "Solve #" not in compare
    assert _round_post(client, match_round, "/publish").status_code == 302
    messages = session.scalars(sa.select(OutboxMessage)).all()
    assert messages and {m.status for m in messages} == {OutboxStatus.LOGGED}
    outbox = client.get("/intermediary/outbox").get_data(as_text=True)
    assert messages[0].subject in outbox
    assert messages[0].body.splitlines()[0] in client.get(f"/intermediary/outbox/{messages[0].id}").get_data(
        as_text=True)
    offer = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    url = f"/intermediary/rounds/{match_round.id}/placements/{offer.id}"
    response = _post(client, url, {"decision": "decline", "reason": ""}, url)
    assert response.status_code == 422 and "Record why you answer" in response.get_data(as_text=True)
    response = _post(client, url, {"decision": "decline", "reason": "No transport in July (told us by phone)"}, url)
    assert response.status_code == 302
    session.expire_all()
    declined = session.get(Placement, offer.id)
    assert declined.status is PlacementStatus.DECLINED and declined.response_reason.startswith("No transport")
    assert _round_post(client, match_round, "/rematch").status_code == 302
    session.expire_all()
    assert session.get(MatchRound, match_round.id).state is RoundState.SOLVED
    fresh = session.scalars(sa.select(Placement).where(Placement.status == PlacementStatus.PROPOSED)).all()
    assert len(fresh) == 1 and fresh[0].slot_id == declined.slot_id and fresh[0].student_id != declined.student_id


def test_exports_download_as_xlsx_csv_and_json(client, staff, closed_round):
    match_round = closed_round[0]
    _solve(client, match_round)
    base = f"/intermediary/rounds/{match_round.id}/export"
    xlsx = client.get(f"{base}/round.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(xlsx.data), read_only=True).sheetnames == ["Placements", "Unplaced"]
    assert client.get(f"{base}/placements.csv").data.decode("utf-8-sig").startswith("student_external_id")
    assert client.get(f"{base}/round.json").get_json()["format"] == "wbl-match-round/1"
    assert client.get(f"{base}/result.json").get_json()["format"] == "wbl-match-result/1"
    assert client.get(f"{base}/passwords.txt").status_code == 404


def test_the_in_process_worker_thread_runs_a_solve_in_the_background(app, session, closed_round):
    from wbl_match.jobs import InProcessQueue
    from wbl_match.services.rounds import request_solve
    from wbl_match.services.rounds.jobs import SOLVE_JOB

    queue = InProcessQueue(app, synchronous=False)
    run = request_solve(session, None, closed_round[0].id)
    queue.enqueue(SOLVE_JOB, run.id)
    queue._executor.shutdown(wait=True)  # wait for the worker thread to finish the job
    session.expire_all()
    assert session.get(SolveRun, run.id).status is SolveStatus.SUCCEEDED
    assert session.get(MatchRound, closed_round[0].id).state is RoundState.SOLVED


def test_a_solving_round_shows_a_cancel_button_that_returns_the_round_to_where_it_was(client, session, staff,
                                                                                     closed_round):
    from wbl_match.services.rounds import request_solve

    match_round = closed_round[0]
    request_solve(session, None, match_round.id)  # queued; no worker takes it
    page = client.get(f"/intermediary/rounds/{match_round.id}").get_data(as_text=True)
    assert "Cancel the solve" in page and "Solve again" not in page

    response = _round_post(client, match_round, "/cancel-solve")

    assert response.status_code == 302
    page = client.get(f"/intermediary/rounds/{match_round.id}").get_data(as_text=True)
    assert "The solve is cancelled" in page and "Cancelled by" in page
    assert session.get(MatchRound, match_round.id, populate_existing=True).state is RoundState.CLOSED


def test_a_killed_solve_is_noticed_when_the_round_page_is_read(client, session, staff, closed_round):
    from datetime import timedelta

    from wbl_match.models.base import utcnow
    from wbl_match.services.rounds import request_solve

    match_round = closed_round[0]
    run = request_solve(session, None, match_round.id)
    run.status, run.started_at = SolveStatus.RUNNING, utcnow() - timedelta(minutes=5)
    run.heartbeat_at = utcnow() - timedelta(minutes=1)
    session.commit()

    page = client.get(f"/intermediary/rounds/{match_round.id}").get_data(as_text=True)

    assert "stopped answering" in page and ">Solve<" in page and "Cancel the solve" not in page
    assert session.get(MatchRound, match_round.id, populate_existing=True).state is RoundState.CLOSED


def test_an_error_inside_a_failed_transaction_still_renders_the_error_page_with_its_headers(app, client, session,
                                                                                          make_user, make_school):
    from wbl_match.access import roles_required
    from wbl_match.extensions import db
    from wbl_match.models import School
    from tests.conftest import login

    school = make_school()

    def clash():
        db.session.add(School(consortium_id=school.consortium_id, cds_code=school.cds_code, name="Twin"))
        db.session.flush()  # a unique violation: the session's transaction is now failed

    app.add_url_rule("/intermediary/clash-test", "clash_test", roles_required(Role.INTERMEDIARY)(clash))
    login(client, make_user(Role.INTERMEDIARY))
    response = client.get("/intermediary/clash-test")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)
    assert response.headers["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response.headers
