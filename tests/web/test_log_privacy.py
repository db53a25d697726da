"""The logs keep no personal data or secrets: a whole journey (failed and good sign-ins, a search, an import,
a solve and publication with its e-mails, an answer with a note, an invitation accepted, a withdrawal with a
note, API reads) is logged, and no line holds a name, an e-mail, a note, a search term or a token."""
from __future__ import annotations

import io
import json
import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tests.conftest import TEST_PASSWORD, csrf_token_from, login
from tests.services.rounds_support import build_round
from tests.web.test_imports import _upload
from wbl_match.extensions import db
from wbl_match.logs import JsonFormatter, TextFormatter, redact
from wbl_match.models import ApiToken, ImportJob, Placement, Role, StudentProfile
from wbl_match.services.accounts.api_tokens import hash_token
from wbl_match.services.accounts.invitations import InvitationRequest, create_invitation

NAMES = [("Xiomara", "Quetzalcoatl"), ("Wenceslao", "Ixtlahuaca"), ("Yolotzin", "Zacatecoluca"),
         ("Ramiro", "Tlacotalpan")]
ANSWER_NOTE = "Told us by phone about her asthma"
WITHDRAWAL_NOTE = "Family moved to Fresno after an eviction"
API_TOKEN = "wbl_journey-token-3f9c2a71b8"


@pytest.fixture
def captured():
    """Every record any logger writes during the test, formatted as the service formats them (JSON)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def _post(client, url, data=None, page=None):
    token = csrf_token_from(client.get(page or url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def test_a_whole_journey_leaves_no_personal_data_or_secret_in_the_logs(
        app, client, session, consortium, captured, make_user, make_school, make_student, make_slot):
    app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    staff = make_user(Role.INTERMEDIARY, email="coordinator.quintanilla@example.org", name="Marisol Quintanilla")
    match_round, students, slots = build_round(session, consortium, make_school, make_student, make_slot)
    for student, (first, last) in zip(students, NAMES):
        student.first_name, student.last_name = first, last
    session.commit()
    secrets = {first for first, _ in NAMES} | {last for _, last in NAMES} | {s.email for s in students} | {
        staff.email, staff.name, ANSWER_NOTE, WITHDRAWAL_NOTE, API_TOKEN, TEST_PASSWORD, "Quetzal"}

    # Sign-in: a wrong password first, then the right one.
    assert login(client, staff, password="not my password at all").status_code == 422
    assert login(client, staff).status_code == 302
    # A search for a student by a part of her name.
    assert client.get("/intermediary/students?q=Quetzal").status_code == 200
    # An import of a roster naming a student.
    school_code = session.get(type(make_school()), students[0].school_id).cds_code
    roster = (f"Student ID,School,First name,Last name,Grade,Home ZIP\n"
              f"{students[0].external_id},{school_code},Xiomara,Quetzalcoatl,12,93291\n").encode()
    assert _upload(client, "students", roster).status_code == 302
    job = session.scalars(sa.select(ImportJob)).one()
    preview = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    mapping = {f"column-{n}": name for n, name in enumerate(job.mapping)}
    assert client.post(f"/intermediary/imports/{job.id}/start",
                       data={"csrf_token": csrf_token_from(preview), **mapping}).status_code == 302
    # Solve and publish: the offers' e-mails go to the outbox (no mail server here).
    base = f"/intermediary/rounds/{match_round.id}"
    assert _post(client, f"{base}/solve", page=base).status_code == 302
    assert _post(client, f"{base}/publish", page=base).status_code == 302
    # The coordinator records a student's answer, with a note.
    offer = session.scalars(sa.select(Placement).order_by(Placement.id)).first()
    url = f"{base}/placements/{offer.id}"
    assert _post(client, url, {"decision": "decline", "reason": ANSWER_NOTE}).status_code == 302
    # A withdrawal with a note.
    withdrawn = next(s for s in students if s.id != offer.student_id)
    assert _post(client, f"/intermediary/students/{withdrawn.id}/withdraw",
                 {"reason": "other", "note": WITHDRAWAL_NOTE}).status_code == 302
    # An invitation: its link's token must stay out of the logs, also when the link is opened.
    invited = next(s for s in students if s.id not in (withdrawn.id,))
    created = create_invitation(session, staff, InvitationRequest(Role.STUDENT, "ramiro.t@students.example.org",
                                                                  student_external_id=invited.external_id),
                                lambda token: f"https://wbl.example.org/invitations/{token}")
    link_token = created.link.rsplit("/", 1)[1]
    secrets |= {link_token, "ramiro.t@students.example.org"}
    visitor = app.test_client()
    assert visitor.get(f"/invitations/{link_token}?utm=Quetzal").status_code == 200
    # API reads with a bearer token.
    session.add(ApiToken(consortium_id=consortium.id, name="sis", role=Role.INTERMEDIARY, prefix=API_TOKEN[:12],
                         token_hash=hash_token(API_TOKEN)))
    session.commit()
    headers = {"Authorization": f"Bearer {API_TOKEN}"}
    assert visitor.get("/api/v1/students/?q=Quetzal", headers=headers).status_code == 200
    assert visitor.get(f"/api/v1/students/{students[0].id}", headers=headers).status_code == 200

    lines = captured.getvalue().splitlines()
    assert len(lines) > 20 and all(json.loads(line)["message"] is not None for line in lines)
    assert any(json.loads(line)["logger"] == "wbl_match.access" for line in lines)
    leaks = sorted({secret for secret in secrets for line in lines if secret.lower() in line.lower()})
    assert leaks == [], [line for line in lines if any(s.lower() in line.lower() for s in leaks)][:5]


def test_a_database_error_is_logged_without_the_statements_values(app, session, captured, make_student):
    student = make_student()
    note = "Private note about the family"
    with pytest.raises(IntegrityError) as raised:
        session.execute(sa.insert(StudentProfile).values(id=student.id, consortium_id=student.consortium_id,
                                                         school_id=student.school_id, first_name=note,
                                                         last_name="x", grade=11))
    session.rollback()
    logging.getLogger("wbl_match.test").error("database error", exc_info=raised.value)
    assert "IntegrityError" in captured.getvalue()
    # Neither the bound parameters nor the row PostgreSQL quotes in its DETAIL line reach the log.
    assert note not in captured.getvalue()


def test_redaction_removes_query_strings_link_tokens_and_api_tokens():
    line = ('GET /intermediary/students?q=Ana+Ruiz HTTP/1.1 "https://x.org/invitations/AbC-123_x?a=b" '
            "Authorization: Bearer wbl_abcdefghijkl /consent/tok3n/ /hours-approval/t0k")
    assert redact(line) == ('GET /intermediary/students HTTP/1.1 "https://x.org/invitations/[token]" '
                            "Authorization: Bearer [token] /consent/[token]/ /hours-approval/[token]")


def test_log_lines_are_json_by_default_and_text_when_asked():
    record = logging.LogRecord("wbl_match.x", logging.INFO, __file__, 1, "opened /invitations/%s", ("secret",), None)
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["level"], entry["logger"], entry["message"]) == ("INFO", "wbl_match.x", "opened /invitations/[token]")
    assert TextFormatter().format(record).endswith("INFO wbl_match.x: opened /invitations/[token]")


def test_the_app_logs_json_lines_in_the_configured_format(app):
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "wbl_match", False))
    assert isinstance(handler.formatter, JsonFormatter)
    assert db.engine.hide_parameters is True
