"""A local stand-in for Twilio's Messages endpoint, for sending texts through Twilio's own library without
the internet: it records each POST (who, from, what) and answers as Twilio does, or refuses as told."""
from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from wbl_match import sms

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token"
FROM_NUMBER = "+15595550100"


class TwilioEndpoint:
    """What the endpoint received, and what it should refuse: ``refuse[to_number] = (status, code)``."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.refuse: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


def _handler(endpoint: TwilioEndpoint):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            user, _, password = base64.b64decode(self.headers.get("Authorization", "Basic ").split()[-1]
                                                 ).decode().partition(":")
            expected = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
            with endpoint.lock:
                endpoint.posts.append({"path": self.path, "user": user, "password": password, **form})
                number = len(endpoint.posts)
            if self.path != expected or (user, password) != (ACCOUNT_SID, AUTH_TOKEN):
                self._answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
                return
            if form.get("To") in endpoint.refuse:
                status, code = endpoint.refuse[form["To"]]
                self._answer(status, {"code": code, "message": f"refused ({code})", "status": status,
                                      "more_info": f"https://www.twilio.com/docs/errors/{code}"})
                return
            self._answer(201, {"sid": f"SM{number:032d}", "account_sid": ACCOUNT_SID, "to": form.get("To"),
                               "from": form.get("From"), "body": form.get("Body"), "status": "queued",
                               "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                               "date_created": "Wed, 02 Dec 2026 03:00:00 +0000", "uri": self.path})

    return Handler


@pytest.fixture
def twilio_endpoint():
    endpoint = TwilioEndpoint()
    endpoint.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(endpoint))
    thread = threading.Thread(target=endpoint.server.serve_forever, daemon=True)
    thread.start()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


def texts_on(app, api_base: str) -> sms.SmsSettings:
    """Turn texts on in ``app`` through Twilio, its API at ``api_base`` (the local endpoint)."""
    app.config.update(SMS_PROVIDER="twilio", TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
                      TWILIO_FROM=FROM_NUMBER, TWILIO_API_BASE=api_base)
    settings = sms.SmsSettings.from_mapping(app.config)
    app.extensions["wbl_sms"] = settings
    sms.bind(settings)
    return settings
