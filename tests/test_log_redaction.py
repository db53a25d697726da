"""No one-time link reaches a log: the application's log over an invitation's journey, and gunicorn's access lines."""
from __future__ import annotations

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config as GunicornConfig

from wbl_match.logs import GunicornLogger, RedactingFilter, install, redact
from wbl_match.models import Role
from tests.web.test_invitations import accept, invite, link_in

TOKEN = "Zq3v9XbT1kLmNoPqRsTuVwXyZ0123456789abcdEFGH"  # the shape of secrets.token_urlsafe(32)


def test_a_token_in_a_path_a_query_string_or_free_text_is_redacted():
    assert redact(f"GET /invitations/{TOKEN} HTTP/1.1") == "GET /invitations/[token] HTTP/1.1"
    assert redact(f"/consent/short-one?x=1") == "/consent/[token]"
    assert redact(f"/hours-approval/{TOKEN}/") == "/hours-approval/[token]/"
    assert redact(f"/reset-password/{TOKEN}") == "/reset-password/[token]"
    assert redact(f"/login?next=%2F&token={TOKEN[:10]}") == "/login"
    assert redact(f"link: https://wbl.example.org/x/{TOKEN}") == "link: https://wbl.example.org/x/[token]"
    assert redact("GET /intermediary/students?page=2 HTTP/1.1") == "GET /intermediary/students HTTP/1.1"


def test_the_filter_redacts_a_record_formatted_with_its_arguments():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "opened %s", (f"/invitations/{TOKEN}",), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "opened /invitations/[token]"


def test_gunicorns_access_line_carries_no_token_in_the_request_path_query_or_referrer():
    config = GunicornConfig()
    config.set("logger_class", "wbl_match.logs.GunicornLogger")
    logger = GunicornLogger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/invitations/{TOKEN}?k=1", "SERVER_PROTOCOL": "HTTP/1.1",
               "PATH_INFO": f"/invitations/{TOKEN}", "QUERY_STRING": f"token={TOKEN}", "REMOTE_ADDR": "10.0.0.1",
               "HTTP_REFERER": f"https://wbl.example.org/invitations/{TOKEN}"}
    request = SimpleNamespace(headers=[("REFERER", f"https://wbl.example.org/invitations/{TOKEN}")])
    atoms = logger.atoms(SimpleNamespace(status="200 OK", sent=10, headers=[]), request, environ, timedelta(milliseconds=5))
    line = config.access_log_format % atoms
    assert TOKEN not in line and TOKEN not in str(atoms) and "/invitations/[token]" in line


def test_an_invitation_journey_writes_no_link_into_the_application_log(app, client, signed_in, make_employer):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install()
    try:
        signed_in(Role.INTERMEDIARY)
        path = link_in(invite(client, email="pat@example.org", employer_id=str(make_employer().id))
                       .get_data(as_text=True))
        app.logger.info("a page was opened: %s", path)  # as a careless log line would
        assert accept(app.test_client(), path).status_code == 302
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
    written = stream.getvalue()
    token = path.rsplit("/", 1)[1]
    assert "outbox message" in written  # delivery did log, and the careless line was written...
    assert token not in written and "/invitations/[token]" in written  # ...without the link
