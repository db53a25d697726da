"""The application's logs: one line per record, JSON by default (``LOG_FORMAT=json``, or ``text``), and no
personal data or secrets.

What a line holds: time (UTC), level, logger, message, and for a request (logger ``wbl_match.access``) the
method, the path without its query string, the status, the time taken and the signed-in user's id. What it
never holds: query strings (search terms), e-mail bodies or addresses (the outbox logs a message by its id),
the bound parameters of SQL statements (the engine hides them, and the database server's DETAIL line quoting
a row is cut), passwords, API tokens (``Bearer …``) and the one-time tokens in
invitation, consent and hours-approval links (each shown as ``[token]``). ``redact`` applies the last rules
to every line, whatever wrote it (the site, a background job, the development server's request lines):
the application installs ``RedactingFilter`` on its own log handlers and the development server's
(``install``), and ``gunicorn.conf.py`` makes gunicorn use ``GunicornLogger``, whose access lines are
redacted value by value.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import datetime, timezone

from flask import Flask, g, request

ACCESS_LOGGER = "wbl_match.access"
#: Paths whose last segment is a secret: the token of a one-time link.
TOKEN_PATHS = re.compile(r"(/(?:invitations|consent|hours-approval|reset-password)/)[^/?#\s\"']+")
#: Any URL-safe run as long as a token (``secrets.token_urlsafe(32)`` gives 43 characters), wherever it is.
LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")
BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
API_TOKEN = re.compile(r"\bwbl_[A-Za-z0-9_-]{8,}")
#: The database server's own detail of an error quotes the row or key values (PostgreSQL's "DETAIL:  Failing
#: row contains (...)", "Key (email)=(...) already exists.").
DB_DETAIL = re.compile(r"(DETAIL:)[^\n]*")
#: A query string in a request line or URL: everything from ``?`` to the next space or quote.
QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


def redact(text: str) -> str:
    """``text`` without link tokens, API tokens, token-like runs or query strings (the one redaction rule)."""
    text = TOKEN_PATHS.sub(r"\1[token]", text)
    text = BEARER.sub(r"\1[token]", text)
    text = API_TOKEN.sub("[token]", text)
    text = DB_DETAIL.sub(r"\1 [hidden]", text)
    text = QUERY.sub(r"\1", text)
    return LONG_TOKEN.sub("[token]", text)


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra fields given to the logger (``extra={...}``) become keys."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": redact(record.getMessage())}
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The same records as readable text, redacted the same way."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class RedactingFilter(logging.Filter):
    """Redacts a record's message (formatted with its arguments) before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left to logging's own error report
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def install(logger_names: tuple[str, ...] = ("", "werkzeug", "gunicorn.error", "gunicorn.access")) -> None:
    """Put the filter on the handlers of these loggers (once), so that every line they write is redacted."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


try:
    from gunicorn.glogging import Logger as _GunicornBase
except ImportError:  # gunicorn is only needed to serve; the rest works without it
    _GunicornBase = object  # type: ignore[assignment,misc]


class GunicornLogger(_GunicornBase):  # type: ignore[misc,valid-type]
    """gunicorn's logger with every value of an access line redacted (request line, path, query, referrer,
    headers and environment values alike)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}


def formatter_for(log_format: str) -> logging.Formatter:
    return TextFormatter() if (log_format or "").lower() == "text" else JsonFormatter()


def _start_timer() -> None:
    g.wbl_request_started = time.perf_counter()


def _log_request(response):
    from flask_login import current_user

    started = g.pop("wbl_request_started", None)
    user_id = current_user.get_id().partition(":")[0] if current_user and current_user.is_authenticated else None
    logging.getLogger(ACCESS_LOGGER).info(
        "%s %s %s", request.method, request.path, response.status_code,
        extra={"method": request.method, "path": request.path, "status": response.status_code,
               "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
               "user_id": int(user_id) if user_id and user_id.isdigit() else None})
    return response


def init_app(app: Flask) -> None:
    """Send every record to standard error in ``LOG_FORMAT``, and log each request once (the access log)."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "wbl_match", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.wbl_match = True
        root.addHandler(handler)
    handler.setFormatter(formatter_for(app.config.get("LOG_FORMAT", "json")))
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # its request lines: ours replace them
    app.before_request(_start_timer)
    app.after_request(_log_request)
