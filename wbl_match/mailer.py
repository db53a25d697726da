"""Sending e-mail: over SMTP when a mail server is configured, otherwise into a mail folder as ``.eml`` files.

The mail folder is the embedded default's "mail server": every message goes out as a standard e-mail
file (``instance/mail/`` unless ``WBL_MAIL_DIR`` says otherwise; readable by the service's user only),
which any mail program opens. Nothing here reads the database; ``services.outbox.delivery`` does.
"""
from __future__ import annotations

import os
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping


class MessageRefused(Exception):
    """The mail server refused this one message (the others may still go)."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send e-mail; ``server`` None means "write it into ``mail_dir``"."""

    server: str | None = None
    port: int = 587
    username: str | None = None
    password: str | None = None
    use_tls: bool = True
    sender: str = "WBL Match <no-reply@localhost>"
    mail_dir: str = "instance/mail"
    #: The service's address as its users reach it, for the links in e-mails.
    base_url: str = "http://127.0.0.1:8000"
    timeout: float = 20.0

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> "MailSettings":
        """Read the ``MAIL_*`` and ``WBL_*`` settings of an application configuration."""
        return cls(server=config.get("MAIL_SERVER") or None, port=int(config.get("MAIL_PORT") or 587),
                   username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
                   use_tls=bool(config.get("MAIL_USE_TLS", True)),
                   sender=config.get("MAIL_FROM") or cls.sender,
                   mail_dir=str(config.get("MAIL_DIR") or cls.mail_dir),
                   base_url=config.get("BASE_URL") or cls.base_url)

    @property
    def where(self) -> str:
        """Where messages go, in words for the outbox page."""
        if self.server:
            return f"the mail server {self.server}:{self.port}"
        return f"the mail folder {Path(self.mail_dir).resolve()} on the server (no mail server is configured)"


def build_email(settings: MailSettings, to_address: str, subject: str, text: str) -> EmailMessage:
    email = EmailMessage()
    email["From"], email["To"], email["Subject"] = settings.sender, to_address, subject
    email["Date"], email["Message-ID"] = formatdate(localtime=False), make_msgid(domain="wbl-match.local")
    email.set_content(text)
    return email


@contextmanager
def connection(settings: MailSettings) -> Iterator[Callable[[EmailMessage, str], None]]:
    """A sender for a batch of messages: ``send(email, name)``; ``name`` names the mail folder's file.

    Raises ``OSError``/``smtplib.SMTPException`` when the server cannot be reached (no message went), and
    ``MessageRefused`` from ``send`` when the server refuses one message.
    """
    if not settings.server:
        folder = Path(settings.mail_dir)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        yield lambda email, name: _write(folder, email, name)
        return
    with smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout) as smtp:
        if settings.use_tls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        yield lambda email, name: _smtp_send(smtp, email)


def _smtp_send(smtp: smtplib.SMTP, email: EmailMessage) -> None:
    try:
        smtp.send_message(email)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
        raise MessageRefused(f"{type(error).__name__}: {error}") from error


def _write(folder: Path, email: EmailMessage, name: str) -> None:
    path = folder / f"{name}.eml"
    partial = folder / f".{name}.eml.part"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(email.as_bytes())
    os.replace(partial, path)
