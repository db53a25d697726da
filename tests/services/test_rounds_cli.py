"""``flask run-round`` and ``flask export-round`` call the same services as the pages."""
from __future__ import annotations

import json

import sqlalchemy as sa

from wbl_match.models import Placement, RoundState
from tests.services.rounds_support import build_round


def test_run_round_solves_and_reports_the_phases(app, session, consortium, make_school, make_student, make_slot):
    match_round = build_round(session, consortium, make_school, make_student, make_slot)[0]
    result = app.test_cli_runner().invoke(args=["run-round", str(match_round.id)])
    assert result.exit_code == 0, result.output
    assert "placed 2, unplaced 2" in result.output and "solve" in result.output
    session.expire_all()
    assert match_round.state is RoundState.SOLVED
    assert session.scalar(sa.select(sa.func.count(Placement.id))) == 2


def test_run_round_refuses_an_unknown_round_or_a_wrong_state_in_one_line(app, session, consortium, make_school,
                                                                        make_student, make_slot):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["run-round", "999"])
    assert missing.exit_code == 2 and "no round with id 999" in missing.output
    match_round = build_round(session, consortium, make_school, make_student, make_slot, state=RoundState.OPEN)[0]
    wrong = runner.invoke(args=["run-round", str(match_round.id)])
    assert wrong.exit_code == 2 and "An open round cannot be solved." in wrong.output
    assert "Traceback" not in wrong.output


def test_export_round_writes_the_files(app, session, consortium, make_school, make_student, make_slot, tmp_path):
    match_round = build_round(session, consortium, make_school, make_student, make_slot)[0]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["run-round", str(match_round.id)]).exit_code == 0
    target = tmp_path / "result.json"
    result = runner.invoke(args=["export-round", str(match_round.id), "--kind", "result.json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["format"] == "wbl-match-result/1"
    xlsx = tmp_path / "r.xlsx"
    assert runner.invoke(args=["export-round", str(match_round.id), "-o", str(xlsx)]).exit_code == 0
    assert xlsx.read_bytes()[:2] == b"PK"
