"""What every API resource shares: the caller, scoped look-ups, service calls, deletions, list filters.

A service's refusal (``services.errors.Refusal``) is answered as JSON by ``api.errors`` alone: 422 with
per-field messages, or 409 with the reason; the service has rolled its own transaction back.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import sqlalchemy as sa
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from werkzeug.exceptions import HTTPException

from wbl_match.access import current_principal, get_scoped_or_404
from wbl_match.api.errors import handle_api_error
from wbl_match.extensions import csrf, db


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
    """The caller, passed to services as their actor: a staff token (a role and a consortium, no user id),
    or a personal token's user (an employer's or a student's own token acts as them)."""
    return current_principal().actor


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
    return looked_up_first(lambda ident: scoped(model, ident), argument)


def looked_up_first(look_up: Callable[[Any], Any], argument: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The same with a look-up of one's own (which answers 404 for what the caller may not reach)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            look_up(kwargs[argument])
            return view(*args, **kwargs)

        return wrapper

    return decorate


def call_service(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a records service (``save_*``) as the calling token, with its audit details."""
    return function(db.session, None, *args, **kwargs, **audit())


def delete_with_service(function: Callable[..., Any], record: Any) -> None:
    """Delete ``record`` through the service that owns the rule (the web's own, where the web deletes too).

    The service's refusal (the record is still in use) is a 409 with its message, and nothing is deleted.
    """
    function(db.session, current_actor(), record, **audit())


def round_service(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a rounds service. Its refusal naming a field is a 422, one about the round's state a 409."""
    return function(db.session, *args, **kwargs)


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

