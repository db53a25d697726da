"""Keeping one-time links out of the logs: the application log and the web server's access log.

A one-time link (an invitation, a guardian's consent, a supervisor's hours approval) lets whoever holds it
act as the person it was sent to, so no log line may carry one: the token in a logged path, query string
or ``Referer`` is replaced by ``[token]`` (``logs.redact``). ``gunicorn.conf.py`` makes gunicorn use ``GunicornLogger``;
the application installs ``RedactingFilter`` on its own log handlers and on the development server's.
"""
from __future__ import annotations

import logging

from wbl_match.logs import redact  # the one redaction rule; this module only applies it to every handler

__all__ = ["GunicornLogger", "RedactingFilter", "install", "redact"]


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
