"""Friendly error pages. No stack trace ever reaches a user; the log keeps it."""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from wbl_match.extensions import ERROR_HANDLERS
from wbl_match.input_guard import UnreadableInput
from wbl_match.languages import N_

MESSAGES = {
    400: (N_("Something in that request was not right"),
          N_("Please go back, check what you entered and try again.")),
    403: (N_("You do not have access to this page"),
          N_("Your account's role does not include this page. If you think it should, ask your "
             "consortium's coordinator.")),
    404: (N_("Page not found"),
          N_("We could not find that page. It may have moved, or the link may be mistyped.")),
    405: (N_("That action is not available here"),
          N_("This page does not accept that kind of request.")),
    413: (N_("That upload is too large"),
          N_("The file or form you sent is larger than this service accepts. Try a smaller file.")),
    422: (N_("Something you sent cannot be read"),
          N_("Please go back, check what you entered and try again.")),
    429: (N_("Too many attempts"),
          N_("You have tried this too often in a short time. Please wait a minute and try again.")),
    500: (N_("Something went wrong on our side"),
          N_("The error has been logged. Please try again in a moment; if it keeps happening, tell your "
             "consortium's coordinator.")),
}


def _owner_handler() -> Callable[[Exception], Any] | None:
    """The handler of the layer that owns this URL (the API's under ``/api/``), if one is registered: errors
    that no blueprint handled there (an unknown URL, a method the URL does not accept) then look like the
    layer's other errors."""
    for prefix, handler in current_app.extensions.get(ERROR_HANDLERS, {}).items():
        if request.path.startswith(prefix):
            return handler
    return None


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if wants_json():
        return jsonify(code=code, status=title, message=detail or message, errors={}), code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def _http_error(error: HTTPException):
    owner = _owner_handler()
    if owner is not None:
        return owner(error)
    response = render_error(error.code or 500)
    if error.code == 405 and getattr(error, "valid_methods", None):
        body, code = response
        return body, code, {"Allow": ", ".join(sorted(error.valid_methods))}
    return response


def _csrf_error(error: CSRFError):
    owner = _owner_handler()
    if owner is not None:
        return owner(error)
    return render_error(400, N_("This form has expired or was sent from another page. Reload the page and try again."))


def _rollback() -> None:
    """End the failed request's transaction first, so the error page itself can read the database."""
    from wbl_match.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection itself is gone: the page needs none
        current_app.logger.warning("rollback before the error page failed", exc_info=True)


def _unexpected_error(error: Exception):
    _rollback()
    owner = _owner_handler()
    if owner is not None:
        return owner(error)  # it logs the error itself
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return render_error(500)


def _unreadable_input(error: UnreadableInput):
    owner = _owner_handler()
    if owner is not None:
        return owner(error)
    return render_error(422, " ".join(f"The field '{name}': {' '.join(messages)}"
                                      for name, messages in error.errors.items()))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(UnreadableInput, _unreadable_input)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
