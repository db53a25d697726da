"""A real SMTP server in the test process (aiosmtpd), recording what it receives and refusing what it is told to."""
from __future__ import annotations

import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class Recorder:
    """The server's handler: keeps every accepted message; refuses recipients in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse: set[str] = set()
        self.received = threading.Condition()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.received:
            self.messages.append(email.message_from_bytes(envelope.content))
            self.received.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float) -> bool:
        """Wait until ``count`` messages have arrived (at most ``timeout`` seconds)."""
        with self.received:
            return self.received.wait_for(lambda: len(self.messages) >= count, timeout=timeout)

    def text(self, index: int) -> str:
        return self.messages[index].get_payload(decode=True).decode("utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A running SMTP server on 127.0.0.1: ``(recorder, port)``."""
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    yield recorder, port
    controller.stop()


def smtp_config(app, port: int) -> None:
    """Point the application's mail settings at the test server (plain SMTP, no login)."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, MAIL_FROM="wbl <wbl@example.org>",
                      BASE_URL="https://wbl.example.org")


def delivered_text(message_id: int) -> str:
    """The text of an outbox message as it went out into the (test application's) mail folder."""
    from pathlib import Path

    from flask import current_app

    written = email.message_from_bytes((Path(current_app.config["MAIL_DIR"]) / f"{message_id:08d}.eml").read_bytes())
    return written.get_payload(decode=True).decode("utf-8")
