"""The REST API at ``/api/v1``: flask-smorest blueprints, marshmallow schemas, OpenAPI 3 and its docs page.

Callers authenticate with a bearer token (see ``wbl_match.access``); the session cookie is ignored here,
which is why these blueprints are exempt from CSRF tokens.
"""
from __future__ import annotations

from flask import Flask
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api as SmorestApi

from wbl_match.access import public
from wbl_match.api.errors import handle_api_error
from wbl_match.extensions import ERROR_HANDLERS

API_PREFIX = "/api/v1"
SPEC_OPTIONS = {
    "info": {"description": "Work-based learning placements: schools, employers, slots, students, match "
                            "rounds and placements of one consortium, and after the match each placement's "
                            "checklist, hours, evaluations and end. Authenticate with an API token: "
                            "`Authorization: Bearer <token>`. A staff token (created by an administrator or "
                            "intermediary) acts for the consortium; an employer's or a student's personal "
                            "token acts as that person and reaches only the after-the-match operations of "
                            "their own placements."},
    "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    "security": [{"bearerAuth": []}],
}


class Api(SmorestApi):
    """flask-smorest's Api, leaving app-wide error pages to the web layer.

    Its own handler would answer every error of the site in JSON; ours is bound to the API blueprints, and
    the site's handler passes it the errors of other ``/api/`` URLs (see ``_answer_errors_under_api``).
    """

    def _register_error_handlers(self) -> None:
        return None


def schema_name(schema) -> str:
    """``SlotSchema`` -> ``Slot``; its partial form (for PATCH) -> ``SlotPatch``."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return name + "Patch" if getattr(schema, "partial", False) is True else name


def _answer_errors_under_api(app: Flask) -> None:
    """Errors under ``/api/`` outside the API's blueprints (an unknown URL, a method a URL does not accept,
    the OpenAPI document and docs page) get the API's own JSON too: ``{code, status, message, errors}``.

    The site's error handlers (``wbl_match.web.errors``) look this registry up by URL prefix.
    """
    app.extensions.setdefault(ERROR_HANDLERS, {})["/api/"] = handle_api_error


def _make_spec_public(app: Flask) -> None:
    # flask-smorest registers a bound method, which cannot carry the classification: wrap it.
    serve_spec = app.view_functions["api-docs.openapi_json"]

    @public
    def openapi_json():
        return serve_spec()

    app.view_functions["api-docs.openapi_json"] = openapi_json


def register_api(app: Flask) -> Api:
    app.config.setdefault("API_TITLE", "wbl_match")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", SPEC_OPTIONS)
    api = Api(app, spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name)})
    _make_spec_public(app)
    _answer_errors_under_api(app)

    # ``placement_progress`` adds the after-the-match routes to the placements blueprint: imported for that.
    from wbl_match.api import (  # noqa: F401
        docs, employers, placement_progress, placements, rounds, schools, slots, students,
    )

    for module in (schools, employers, slots, students, rounds, placements):
        api.register_blueprint(module.blp, url_prefix=f"{API_PREFIX}/{module.blp.name}")
    app.register_blueprint(docs.bp, url_prefix=API_PREFIX)
    # X-Pagination carries JSON: say so, or clients (and schemathesis) read it as a form-style object.
    api.spec.components.headers["PAGINATION"] = {
        "description": "Pagination metadata, as JSON",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PaginationMetadata"}}}}
    return api
