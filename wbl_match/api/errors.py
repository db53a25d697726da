"""Errors of the API as JSON: ``{code, status, message, errors}``; never a stack trace."""
from __future__ import annotations

from flask import current_app, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    401: "Send a valid API token: 'Authorization: Bearer <token>'.",
    403: "This token's role may not use this operation.",
    404: "Not found.",
    405: "This URL does not accept that method.",
    412: "The record changed since you read it: read it again and send its new ETag in If-Match.",
    422: "Some values are not valid; see 'errors'.",
    428: "Send the record's ETag (from a GET) in the If-Match header.",
}


def handle_api_error(error: Exception):
    """Answer any error raised in an API view (or in the access check before it) as JSON."""
    if not isinstance(error, HTTPException):
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
