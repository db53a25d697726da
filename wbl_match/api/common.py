"""What every API resource shares: the caller, scoped look-ups, service errors as 422 or 409, deletions,
list filters."""
from __future__ import annotations

import functools
from typing import Any, Callable

import sqlalchemy as sa
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema
from werkzeug.exceptions import HTTPException

from wbl_match.access import current_principal, get_scoped_or_404
from wbl_match.api.errors import handle_api_error
from wbl_match.extensions import csrf, db
from wbl_match.services.errors import Refused
from wbl_match.services.rounds.offers import OfferRefused
from wbl_match.services.record_fields import RecordError
from wbl_match.services.rounds.errors import RoundError


#: The documented refusal of a DELETE: the record is still in use; the message says by what.
IN_USE = {"schema": ErrorSchema, "description": "The record is still in use (the message says by what); "
                                                "nothing was deleted."}


def blueprint(name: str, description: str) -> Blueprint:
    """An API blueprint: JSON errors, and no CSRF tokens (the session cookie is not accepted here)."""
    blp = Blueprint(name, __name__, description=description)
    # Both: Flask prefers the app's HTTPException handler over a blueprint's Exception handler.
    blp.register_error_handler(HTTPException, handle_api_error)
    blp.register_error_handler(Exception, handle_api_error)
    csrf.exempt(blp)
    return blp


def current_actor() -> Any:
    """The caller, passed to services as their actor (it has a role and a consortium, and no user id)."""
    return current_principal()


def consortium_id() -> int:
    return current_principal().consortium_id


def audit() -> dict[str, Any]:
    """Audit details naming the token that made a change (the actor is the token, not a person)."""
    return {"api_token": current_principal().token_id}


def scoped(model: type, ident: Any) -> Any:
    return get_scoped_or_404(model, ident)


def found_first(model: type, argument: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Answer 404 for a record outside the caller's consortium before the body or If-Match is looked at,
    so that another consortium's record is never distinguishable from a missing one."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            scoped(model, kwargs[argument])
            return view(*args, **kwargs)

        return wrapper

    return decorate


def call_service(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service; its RecordError becomes a 422 with per-field messages, like schema errors."""
    try:
        return function(db.session, None, *args, **kwargs, **audit())
    except RecordError as error:
        db.session.rollback()
        abort(422, message="Some values are not valid; see 'errors'.", errors={"json": error.errors})
    except sa.exc.IntegrityError:
        # A concurrent change took the same unique value between our check and the write.
        db.session.rollback()
        abort(409, message="This conflicts with a record saved at the same time; read it again and retry.")


def delete_with_service(function: Callable[..., Any], record: Any) -> None:
    """Delete ``record`` through the service that owns the rule (the web's own, where the web deletes too).

    The service's refusal (the record is still in use) is a 409 with its message, and nothing is deleted.
    """
    try:
        function(db.session, current_actor(), record, **audit())
    except Refused as refusal:  # also when another request took it into use between the check and the delete
        db.session.rollback()
        abort(409, message=refusal.message)


def round_service(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a rounds service: a refusal naming a field is a 422, one about the round's state a 409."""
    try:
        return function(db.session, *args, **kwargs)
    except (RoundError, OfferRefused) as error:
        db.session.rollback()
        field = getattr(error, "field", None) or next(iter(getattr(error, "errors", {}) or {}), None)
        if field and field != "decision":
            abort(422, message=error.message, errors={"json": {field: [error.message]}})
        abort(409, message=error.message)


def page(query: sa.Select, pagination_parameters: Any, order_by: Any) -> list[Any]:
    """One page of ``query`` (ordered), telling flask-smorest the total for the X-Pagination header."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    pagination_parameters.item_count = total
    if pagination_parameters.first_item >= total:  # past the end (also keeps huge offsets from the driver)
        return []
    return list(db.session.scalars(query.order_by(order_by)
                                   .offset(pagination_parameters.first_item)
                                   .limit(pagination_parameters.page_size)))


def filtered(query: sa.Select, model: type, filters: dict[str, Any]) -> sa.Select:
    """Equality filters on the model's columns of the same names."""
    for name, value in filters.items():
        query = query.where(getattr(model, name) == value)
    return query
