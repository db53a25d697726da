"""The outbox delivers or logs e-mail; exports open in a spreadsheet reader and hold the round's files."""
from __future__ import annotations

import io
import json
import smtplib

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from wbl_match.models import OutboxMessage, OutboxStatus
from wbl_match.services.outbox import messages as outbox
from wbl_match.services.outbox.messages import MailSettings, deliver_pending, outbox_page, queue_message
from wbl_match.services.rounds.exports import ExportError, export_round
from wbl_match.services.rounds import publish_round, request_solve, run_round
from tests.services.rounds_support import build_round


def test_without_a_mail_server_messages_are_kept_and_the_log_says_so_without_address_or_body(
        session, consortium, monkeypatch):
    logged = []
    monkeypatch.setattr(outbox.log, "info", lambda text, *args, **kwargs: logged.append(text % args))
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello")
    session.commit()
    assert deliver_pending(session, MailSettings()) == {"sent": 0, "logged": 1, "failed": 0}
    message = session.scalars(sa.select(OutboxMessage)).one()
    assert message.status is OutboxStatus.LOGGED and message.sent_at
    assert logged == [f"e-mail {message.id} kept in the outbox (no mail server)"]
    assert outbox_page(session, consortium.id) == ([message], 1)


def test_a_development_machine_may_log_e_mail_bodies_when_asked(session, consortium, monkeypatch):
    logged = []
    monkeypatch.setattr(outbox.log, "info", lambda text, *args, **kwargs: logged.append(text % args))
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello")
    session.commit()
    deliver_pending(session, MailSettings.from_mapping({"LOG_EMAIL_BODIES": True}))
    assert "ana@example.org" in logged[0] and "Hello" in logged[0]


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, email):
        if email["To"] == "bad@example.org":
            raise smtplib.SMTPRecipientsRefused({})
        FakeSMTP.sent.append(email)


def test_with_a_mail_server_messages_are_sent_and_failures_kept_for_another_try(session, consortium, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent = []
    queue_message(session, consortium.id, "ana@example.org", "Offer", "Hello")
    queue_message(session, consortium.id, "bad@example.org", "Offer", "Hello")
    session.commit()
    counts = deliver_pending(session, MailSettings.from_mapping({"MAIL_SERVER": "smtp.example.org",
                                                                 "MAIL_FROM": "wbl <x@example.org>"}))
    assert counts == {"sent": 1, "logged": 0, "failed": 1}
    assert [m["To"] for m in FakeSMTP.sent] == ["ana@example.org"]
    statuses = dict(session.execute(sa.select(OutboxMessage.to_address, OutboxMessage.status)).all())
    assert statuses == {"ana@example.org": OutboxStatus.SENT, "bad@example.org": OutboxStatus.PENDING}


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


def test_publishing_then_delivering_logs_one_message_per_student_and_employer(session, solved_round):
    publish_round(session, None, solved_round.id)
    assert deliver_pending(session, MailSettings())["logged"] == 4
