"""The application factory: configuration, extensions, security, blueprints and commands."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from wbl_match.config import PROJECT_ROOT, Config
from wbl_match.database import configure_engine
from wbl_match.extensions import csrf, db, limiter, login_manager, migrate


def create_app(config: Config | None = None) -> Flask:
    """Build the application: configuration, extensions, security, blueprints and commands."""
    config = config or Config()
    app = Flask(
        __name__,
        instance_path=str(Path(config.INSTANCE_PATH).resolve()),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(config)
    if app.config.get("PROXY_HOPS"):
        # Only the configured number of proxies is believed; with none, X-Forwarded-* headers are ignored.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    from wbl_match import logs

    logs.init_app(app)
    logs.install()  # no one-time link in any line of the application's log

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)

    from wbl_match import input_guard, jobs, outbox_jobs, passwords, reminder_jobs
    from wbl_match.web import register_web
    from wbl_match.web.security import init_security

    passwords.init_app(app)
    jobs.init_app(app)
    outbox_jobs.init_app(app)
    reminder_jobs.init_app(app)
    init_security(app)
    input_guard.init_app(app)  # after the access check: an unknown caller gets 401, not a message about input
    register_web(app)

    from wbl_match.api import register_api

    register_api(app)

    from wbl_match.cli import register_commands

    register_commands(app)
    return app
