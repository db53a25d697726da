"""The API's readable documentation: Swagger UI from vendored files, reading ``/api/v1/openapi.json``."""
from __future__ import annotations

from flask import Blueprint, render_template

from wbl_match.access import public

bp = Blueprint("api_docs_page", __name__)


@bp.route("/docs")
@public
def docs():
    return render_template("api/docs.html")
