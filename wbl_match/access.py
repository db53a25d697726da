"""Who may use which endpoint (web pages and API alike): every endpoint is classified here, and enforced in one place.

An endpoint is either ``@public`` or ``@roles_required(...)``. ``enforce_access`` runs before every
request and refuses an endpoint that carries no classification (fail closed), sends anonymous users to
the login page, answers a wrong role with 403, and ``get_scoped_or_404`` answers another consortium's
record with 404 so that its existence is not revealed.

The principal is the signed-in web user, except under ``/api/``: there only a bearer token counts
(``Authorization: Bearer <token>``), never the session cookie, so that a browser's cookie alone cannot
call the API (which is exempt from CSRF tokens) and anonymous API calls get 401 instead of a redirect.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from flask import abort, current_app, request
from flask_login import current_user
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Unauthorized

from wbl_match.extensions import db, login_manager
from wbl_match.models import Role
from wbl_match.services.accounts.api_tokens import TokenPrincipal, resolve_api_token
from wbl_match.services.tenancy import find_by_key, find_in_consortium

#: Requests under this path are API calls, authenticated by bearer token only.
API_PREFIX = "/api/"

ViewT = TypeVar("ViewT", bound=Callable[..., Any])
ACCESS_ATTRIBUTE = "wbl_access"


@dataclass(frozen=True)
class Access:
    """The classification of an endpoint: public, or the roles that may use it."""

    public: bool = False
    roles: frozenset[Role] = frozenset()


def public(view: ViewT) -> ViewT:
    """Mark a view as open to anonymous visitors."""
    setattr(view, ACCESS_ATTRIBUTE, Access(public=True))
    return view


def roles_required(*roles: Role) -> Callable[[ViewT], ViewT]:
    """Mark a view as open only to signed-in users with one of ``roles``."""
    if not roles:
        raise ValueError("roles_required needs at least one role")

    def mark(view: ViewT) -> ViewT:
        setattr(view, ACCESS_ATTRIBUTE, Access(roles=frozenset(roles)))
        return view

    return mark


def access_of(view: Callable[..., Any] | None) -> Access | None:
    """The classification of a view function (or of the class behind a class-based view)."""
    if view is None:
        return None
    found = getattr(view, ACCESS_ATTRIBUTE, None)
    if found is None and hasattr(view, "view_class"):
        found = getattr(view.view_class, ACCESS_ATTRIBUTE, None)
    return found


def enforce_access() -> Any:
    """``before_request`` hook: apply the endpoint's classification."""
    if request.endpoint is None:  # routing failed; the 404/405 handler answers
        return None
    access = access_of(current_app.view_functions.get(request.endpoint))
    if access is None:
        current_app.logger.error("endpoint %s has no access classification; refused", request.endpoint)
        abort(403)
    if access.public:
        return None
    principal = current_principal()
    if principal is None:
        if is_api_request():
            raise Unauthorized("Send a valid API token: 'Authorization: Bearer <token>'.",
                               www_authenticate=WWWAuthenticate("bearer", {"realm": "wbl_match"}))
        return login_manager.unauthorized()
    if principal.role not in access.roles:
        abort(403)
    return None


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def _bearer_principal() -> TokenPrincipal | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return resolve_api_token(db.session, token.strip())


def current_principal() -> Any:
    """Who is calling: the API token's principal under ``/api/``, otherwise the signed-in user (or None)."""
    if is_api_request():
        # Kept on the request itself (``g`` can outlive one request when an app context is already open).
        environ = request.environ
        if "wbl.api_principal" not in environ:
            environ["wbl.api_principal"] = _bearer_principal()
        return environ["wbl.api_principal"]
    return current_user if current_user.is_authenticated else None


def get_scoped_or_404(model: type, ident: Any, belongs: Callable[[Any], bool] | None = None) -> Any:
    """Load ``model`` by id within the caller's consortium, or answer 404.

    ``belongs(row)`` narrows it further (an employer's own slot, a round's own placement): a row it refuses
    answers 404 as well, exactly as another consortium's would.
    """
    principal = current_principal()
    found = find_in_consortium(db.session, model, ident, principal.consortium_id) if principal else None
    if found is None or (belongs is not None and not belongs(found)):
        abort(404)
    return found


def get_owned_or_404(model: type, ident: Any, consortium_of: Callable[[Any], int],
                     belongs: Callable[[Any], bool] | None = None) -> Any:
    """Load a ``model`` that has no consortium column of its own (a placement, a contact person) by id, or 404.

    ``consortium_of(row)`` says whose it is (through its round, its employer); it must be the caller's, and
    ``belongs(row)`` must hold when given. The key guard of ``find_by_key`` applies as everywhere.
    """
    principal = current_principal()
    found = find_by_key(db.session, model, ident) if principal else None
    if found is None or consortium_of(found) != principal.consortium_id \
            or (belongs is not None and not belongs(found)):
        abort(404)
    return found
