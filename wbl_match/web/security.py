"""HTTP-level protection: security headers, session checks, no-store on signed-in pages."""
from __future__ import annotations

from flask import Flask, Response, redirect, request, url_for
from flask_login import current_user

from wbl_match.extensions import db, login_manager, talisman
from wbl_match.models import User
from wbl_match.access import enforce_access

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Pico draws its form controls with data: SVG images.
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}


def load_user(login_id: str) -> User | None:
    """Resolve ``"<user id>:<session version>"``; an old version (after logout) resolves to nobody."""
    user_id, _, version = login_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


def _unauthorized() -> Response:
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _no_store_for_signed_in(response: Response) -> Response:
    # Signed-in pages and every API answer (a bearer token's reads carry students' records) are never cached.
    if current_user.is_authenticated or request.path.startswith("/api/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def init_security(app: Flask) -> None:
    """Bind login, headers and the access check to the app."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.session_protection = "basic"
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        x_content_type_options=True,
    )
    app.before_request(enforce_access)
    app.after_request(_no_store_for_signed_in)
