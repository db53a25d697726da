"""The HTML side of wbl_match: one blueprint package per role, plus sign-in and the shared pages."""
from __future__ import annotations

from flask import Flask
from flask_login import current_user

from wbl_match.models import Role
from wbl_match.access import public
from wbl_match.web.errors import register_error_handlers
from wbl_match.web.filters import register_filters
from wbl_match.web.languages import init_languages
from wbl_match.web.refusals import register_refusal_handler

#: Navigation per role: (endpoint, label).
NAVIGATION: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.ADMIN: (("admin.home", "Users"), ("intermediary.home", "Consortium"), ("admin.tokens", "API tokens"),
                 ("intermediary.work_limits_page", "Limits for minors")),
    Role.INTERMEDIARY: (("intermediary.home", "Dashboard"), ("intermediary.students", "Students"),
                        ("intermediary.rounds", "Rounds"), ("intermediary.after_home", "Placements"),
                        ("intermediary.employers", "Employers"),
                        ("intermediary.outbox", "Outbox"), ("intermediary.invitations", "Invitations"),
                        ("intermediary.imports", "Import"), ("admin.tokens", "API")),
    Role.EMPLOYER: (("employer.home", "Our slots"), ("employer.rounds", "Rounds"), ("employer.placements", "Placements"),
                    ("employer.organisation", "Organisation")),
    Role.STUDENT: (("student.home", "My placement"), ("student.profile", "Profile"), ("student.slots", "Slots")),
}


def _navigation():
    if not current_user.is_authenticated:
        return {"navigation": ()}
    return {"navigation": NAVIGATION.get(current_user.role, ())}


def register_web(app: Flask) -> None:
    from wbl_match.web.admin import bp as admin_bp
    from wbl_match.web.auth import bp as auth_bp
    from wbl_match.web.employer import bp as employer_bp
    from wbl_match.web.hooks import bp as hooks_bp
    from wbl_match.web.intermediary import bp as intermediary_bp
    from wbl_match.web.links import bp as links_bp
    from wbl_match.web.main import bp as main_bp
    from wbl_match.web.student import bp as student_bp

    for blueprint in (main_bp, auth_bp, admin_bp, intermediary_bp, employer_bp, student_bp, links_bp,
                      hooks_bp):
        app.register_blueprint(blueprint)
    public(app.view_functions["static"])
    register_error_handlers(app)
    register_refusal_handler(app)
    init_languages(app)
    register_filters(app)
    app.context_processor(_navigation)
