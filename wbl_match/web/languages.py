"""Which language a page speaks, and the switch on every page.

The signed-in person's own language wins (a student's is on their profile, anyone else's on their
account); else ``?lang=`` (the links in e-mails carry it) or the cookie the switch sets; else the browser's
``Accept-Language``; else English. The catalogue and the language codes are ``wbl_match.languages``'.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from wbl_match import languages
from wbl_match.access import public
from wbl_match.extensions import babel, db
from wbl_match.models import Role

COOKIE = "wbl_lang"
#: The staff's pages (coordinators, employers, administrators) are written in English only: they are always
#: served in English, with ``lang="en"``, and show no switch. They show each student's language instead.
ENGLISH_ONLY_BLUEPRINTS = frozenset({"intermediary", "employer", "admin"})
COOKIE_DAYS = 365

bp = Blueprint("languages", __name__)


def person_language(user) -> str | None:
    """The language stored for a signed-in person, if any."""
    if user.role is Role.STUDENT and user.student is not None and user.student.language:
        return user.student.language
    return user.language


def _asked() -> str | None:
    for value in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if value in languages.LANGUAGES:
            return value
    return None


def english_only() -> bool:
    """True on a staff page (which has no Spanish)."""
    return request.blueprint in ENGLISH_ONLY_BLUEPRINTS


def select_language() -> str:
    if english_only():
        return languages.DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated:
        stored = person_language(current_user)
        if stored in languages.LANGUAGES:
            return stored
    return _asked() or request.accept_languages.best_match(list(languages.LANGUAGES)) \
        or languages.DEFAULT_LANGUAGE


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else languages.DEFAULT_LANGUAGE


def _back(target: str | None) -> str:
    """``next`` when it is a path on this site, without its ``lang=``; else the home page."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        parts = urlsplit(target)
        query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("lang="))
        return parts.path + (f"?{query}" if query else "")
    return url_for("main.index")


@bp.route("/language", methods=["POST"])
@public
def switch():
    """Remember the chosen language: in a cookie, and for a signed-in person also in their record."""
    chosen = request.form.get("lang")
    response = redirect(_back(request.form.get("next")))
    if chosen not in languages.LANGUAGES:
        return response
    if current_user.is_authenticated:
        user = current_user._get_current_object()
        if user.role is Role.STUDENT and user.student is not None:
            user.student.language = chosen
        else:
            user.language = chosen
        db.session.commit()
    response.set_cookie(COOKIE, chosen, max_age=COOKIE_DAYS * 86400, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response


def _remember_asked(response):
    """A page opened with ``?lang=`` keeps that language on the next pages (a link from an e-mail)."""
    asked = request.args.get("lang")
    if asked in languages.LANGUAGES and request.cookies.get(COOKIE) != asked:
        response.set_cookie(COOKIE, asked, max_age=COOKIE_DAYS * 86400, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response


def _language_context():
    return {"current_language": current_language, "language_names": languages.LANGUAGES,
            "language_switch": lambda: not english_only(),
            "language_label": lambda code: languages.LANGUAGE_LABELS.get(code or "", "—")}


def init_languages(app: Flask) -> None:
    languages.ensure_compiled()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", languages.DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(languages.TRANSLATIONS))
    babel.init_app(app, locale_selector=select_language, timezone_selector=lambda: app.config["TIME_ZONE"])
    app.register_blueprint(bp)
    app.after_request(_remember_asked)
    app.context_processor(_language_context)
