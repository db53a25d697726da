"""Publishing e-mails every offer with a link to its page; exports open in a spreadsheet reader and hold the round's files."""
from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from wbl_match.models import OutboxMessage, OutboxStatus, Placement
from wbl_match.services.rounds.exports import ExportError, export_round
from wbl_match.services.rounds import publish_round, request_solve, run_round
from tests.services.rounds_support import build_round


@pytest.fixture
def solved_round(session, consortium, make_school, make_student, make_slot):
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot)
    students[0].first_name = "=HYPERLINK(\"http://evil\")"
    session.commit()
    run_round(session, request_solve(session, None, match_round.id).id)
    return match_round


def test_the_xlsx_export_opens_in_openpyxl_with_placements_and_unplaced_and_formulas_neutralised(
        session, solved_round):
    book = load_workbook(io.BytesIO(export_round(session, solved_round, "round.xlsx")), read_only=True)
    placements = list(book["Placements"].iter_rows(values_only=True))
    unplaced = list(book["Unplaced"].iter_rows(values_only=True))
    assert placements[0][0] == "student_external_id" and len(placements) == 3 and len(unplaced) == 3
    names = [row[1] for row in placements[1:] + unplaced[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in names and not any(str(n).startswith("=") for n in names)
    assert all(row[5] for row in unplaced[1:])  # every unplaced student has the engine's reasons


def test_csv_exports_neutralise_formulas(session, solved_round):
    text = (export_round(session, solved_round, "placements.csv")
            + export_round(session, solved_round, "unplaced.csv")).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text


def test_json_exports_are_the_stored_round_and_result_files(session, solved_round):
    document = json.loads(export_round(session, solved_round, "round.json"))
    result = json.loads(export_round(session, solved_round, "result.json"))
    assert document["format"] == "wbl-match-round/1" and result["format"] == "wbl-match-result/1"
    assert "HYPERLINK" not in json.dumps(document)  # no personal data in the round file


def test_an_unsolved_round_has_no_json_export(session, consortium, make_school, make_student, make_slot):
    match_round = build_round(session, consortium, make_school, make_student, make_slot)[0]
    with pytest.raises(ExportError, match="not been solved"):
        export_round(session, match_round, "round.json")
    with pytest.raises(ExportError, match="Unknown export"):
        export_round(session, match_round, "secrets.txt")


def test_publishing_delivers_one_message_per_student_and_employer_each_linking_to_its_page(app, session,
                                                                                           solved_round):
    publish_round(session, None, solved_round.id)
    messages = session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert len(messages) == 4 and {m.status for m in messages} == {OutboxStatus.LOGGED}
    placements = {p.id for p in session.scalars(sa.select(Placement))}
    student_pages = {m.link_path for m in messages if m.subject.startswith("Your work-based learning offer")}
    assert student_pages == {f"/student/placements/{p}" for p in placements}
    assert {m.link_path for m in messages} - student_pages == {f"/employer/rounds/{solved_round.id}"}
