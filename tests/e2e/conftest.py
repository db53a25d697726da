"""Browser tests: Playwright driving Debian's headless Chromium against a live server on the test database.

Every test fails on any console error, uncaught page error or Content-Security-Policy violation.
Set ``WBL_SCREENSHOTS=folder`` to keep screenshots taken with ``screenshot(page, name)``.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from wbl_match import create_app
from wbl_match.config import TestConfig
from wbl_match.extensions import db

CHROMIUM = os.environ.get("WBL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (install Debian's chromium package)")
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


#: The mail folder of the served application (its outbox writes every e-mail there as an .eml file).
LIVE_MAIL_DIRS: list[str] = []


def newest_mail_text() -> str:
    """The text of the newest e-mail the served application sent ("" when none)."""
    import email
    from pathlib import Path

    files = sorted(Path(LIVE_MAIL_DIRS[-1]).glob("*.eml")) if LIVE_MAIL_DIRS else []
    if not files:
        return ""
    return email.message_from_bytes(files[-1].read_bytes()).get_payload(decode=True).decode("utf-8")


@pytest.fixture(scope="session")
def live_server(database_url, tmp_path_factory):
    """The application served over HTTP from a background thread, on the session's test database."""
    config = TestConfig(database_url, tmp_path_factory.mktemp("live-instance"))
    # Texts on, so the family pages show their text-message parts (nothing is texted: no student agrees).
    config.SMS_PROVIDER, config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN = "twilio", "AC" + "0" * 32, "x"
    config.TWILIO_FROM, config.TWILIO_API_BASE = "+15595550100", "http://127.0.0.1:9"
    app = create_app(config)
    LIVE_MAIL_DIRS.append(app.config["MAIL_DIR"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(page, app):
    """pytest-playwright's page, failing the test on any console error or CSP violation."""
    problems: list[str] = []

    def on_console(message) -> None:
        is_csp_warning = message.type == "warning" and "Content Security Policy" in message.text
        if message.type != "error" and not is_csp_warning:
            return
        # A 4xx/5xx of the page itself is what some tests ask for (and assert); of a script, style or image it is not.
        if message.text.startswith("Failed to load resource") and message.location.get("url") == page.url:
            return
        problems.append(f"console {message.type}: {message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # generous: CI machines are small and busy; waits end as soon as they hold
    yield page
    assert problems == [], "\n".join(problems)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def screenshot(page, name: str) -> None:
    folder = os.environ.get("WBL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def menu(page):
    """The site menu, opened first when a phone shows it folded behind its Menu button.

    Decided by the screen's width, as the page's script decides it: on a wide screen the script opens the
    menu (and the stylesheet then hides its button) once the page has loaded, so the button must never be
    clicked there, or the click would race the script and close the menu again."""
    page.wait_for_load_state("domcontentloaded")  # the page's script has set the menu by then
    found = page.locator("details.site-menu")
    if found.count():
        if page.evaluate("() => window.matchMedia('(min-width: 768px)').matches"):
            page.wait_for_function("() => document.querySelector('details.site-menu').open")
        elif not found.first.evaluate("menu => menu.open"):
            found.first.locator("summary").click()
    return found
