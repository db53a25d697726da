"""Errors of the API as JSON: ``{code, status, message, errors}``; never a stack trace."""
from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from wbl_match.services.errors import FieldErrors, Refusal

MESSAGES = {
    401: "Send a valid API token: 'Authorization: Bearer <token>'.",
    403: "This token's role may not use this operation.",
    404: "Not found.",
    405: "This URL does not accept that method.",
    412: "The record changed since you read it: read it again and send its new ETag in If-Match.",
    422: "Some values are not valid; see 'errors'.",
    428: "Send the record's ETag (from a GET) in the If-Match header.",
}


def refusal_body(refusal: Refusal) -> dict:
    """A service's refusal as the API's error body: 422 with per-field messages, or 409 with the reason.

    The one place where refusals become HTTP for the API; the service has already rolled back.
    """
    message = MESSAGES[422] if isinstance(refusal, FieldErrors) else refusal.message
    errors = {"json": refusal.errors} if refusal.status == 422 and refusal.errors else {}
    return {"code": refusal.status, "status": HTTP_STATUS_CODES.get(refusal.status, "Error"), "message": message,
            "errors": errors}


def handle_api_error(error: Exception):
    """Answer any error raised in an API view (or in the access check before it) as JSON."""
    if isinstance(error, Refusal):
        response = jsonify(refusal_body(error))
        response.status_code = error.status
        return response
    if not isinstance(error, HTTPException):
        from wbl_match.extensions import db

        db.session.rollback()  # the failed transaction must not outlive the request (nor break the answer)
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        error = InternalServerError()
    data = getattr(error, "data", None) or {}
    message = data.get("message") or MESSAGES.get(error.code) or error.description
    payload = {"code": error.code, "status": error.name, "message": message,
               "errors": data.get("errors") or data.get("messages") or {}}
    response = jsonify(payload)
    response.status_code = error.code
    # Keep the exception's own headers (Allow on 405, WWW-Authenticate on 401); flask-smorest's drops them.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    for name, value in (data.get("headers") or {}).items():
        response.headers[name] = value
    return response
