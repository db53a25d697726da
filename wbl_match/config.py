"""Configuration from environment variables, with safe embedded defaults.

Every setting can be given as an environment variable of the same name. With none given, the service
runs on SQLite under ``instance/``, runs background jobs in-process and keeps a secret key generated
once in ``instance/secret_key``.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def load_or_create_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it once if absent.

    The file is created with mode 0600 so that only the service's own user can read it.
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written in the common short forms."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Production-shaped configuration read from the environment."""

    def __init__(self, instance_path: Path | None = None) -> None:
        self.INSTANCE_PATH = Path(os.environ.get("WBL_INSTANCE_PATH", instance_path or DEFAULT_INSTANCE))
        self.INSTANCE_PATH.mkdir(parents=True, exist_ok=True)
        default_db = f"sqlite:///{self.INSTANCE_PATH / 'wbl_match.sqlite3'}"
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(os.environ.get("DATABASE_URL") or default_db)
        # hide_parameters: SQL errors in the log never carry the values of a statement (a note, a name).
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "hide_parameters": True}
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or load_or_create_secret_key(self.INSTANCE_PATH)
        self.REDIS_URL = os.environ.get("REDIS_URL") or None
        self.RATELIMIT_STORAGE_URI = self.REDIS_URL or "memory://"
        self.LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
        # Failed sign-ins, counted in the database for every worker (services.accounts.sign_in_limits).
        self.SIGN_IN_ACCOUNT_LIMIT = _int("SIGN_IN_ACCOUNT_LIMIT", 5)
        self.SIGN_IN_ADDRESS_LIMIT = _int("SIGN_IN_ADDRESS_LIMIT", 20)
        self.SIGN_IN_ACCOUNT_EVERYWHERE_LIMIT = _int("SIGN_IN_ACCOUNT_EVERYWHERE_LIMIT", 50)
        self.SIGN_IN_WINDOW_MINUTES = _int("SIGN_IN_WINDOW_MINUTES", 15)
        self.SIGN_IN_MAX_WAIT_SECONDS = _int("SIGN_IN_MAX_WAIT_SECONDS", 300)
        # How many proxies in front of the service set X-Forwarded-For/-Proto/-Host (0: trust none).
        self.PROXY_HOPS = _int("PROXY_HOPS", 0)

        # What people read: the consortium's clock and the distance unit (the engine keeps km, the database UTC).
        self.TIME_ZONE = os.environ.get("WBL_TIME_ZONE", "America/Los_Angeles")
        self.DISTANCE_UNIT = os.environ.get("WBL_DISTANCE_UNIT", "mi")

        # Logs (wbl_match.logs): JSON lines by default, or text; never personal data (see the README).
        self.LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
        self.LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

        self.MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
        self.MAIL_PORT = _int("MAIL_PORT", 587)
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
        self.MAIL_USE_TLS = _flag("MAIL_USE_TLS", True)
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "WBL Match <no-reply@localhost>")
        # Without MAIL_SERVER, e-mail is written as .eml files into this folder (the embedded default).
        self.MAIL_DIR = os.environ.get("WBL_MAIL_DIR") or str(self.INSTANCE_PATH / "mail")
        # The service's address as users reach it: e-mails link to their pages under it.
        self.BASE_URL = (os.environ.get("WBL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
        # Queued e-mail goes out on commit; this sweep (seconds) catches anything a wake-up missed, and retries.
        self.MAIL_SWEEP_SECONDS = _int("WBL_MAIL_SWEEP_SECONDS", 20)
        self.OUTBOX_AUTO_DELIVERY = True
        # Scheduled reminders (wbl_match.reminder_jobs): how often the in-process thread or the RQ chain runs.
        self.REMINDER_TICK_SECONDS = _int("WBL_REMINDER_TICK_SECONDS", 300)
        self.REMINDERS_AUTO = _flag("WBL_REMINDERS_AUTO", True)
        # The local hours reminders go out in (from-until; 0-24: any time).
        self.REMINDER_HOURS = os.environ.get("WBL_REMINDER_HOURS") or "8-21"
        # Text messages (wbl_match.sms): off unless a provider is named; students must agree to them.
        self.SMS_PROVIDER = os.environ.get("WBL_SMS_PROVIDER") or None
        self.TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID") or None
        self.TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN") or None
        self.TWILIO_FROM = os.environ.get("TWILIO_FROM") or None
        self.TWILIO_API_BASE = os.environ.get("WBL_TWILIO_API_BASE") or None
        # The address Twilio is told to call for incoming texts, exactly as configured there (it signs it);
        # unset: the address of the request as the application sees it.
        self.TWILIO_WEBHOOK_URL = os.environ.get("WBL_TWILIO_WEBHOOK_URL") or None

        # Flask's own defaults are unsafe for a service holding minors' records.
        self.MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
        self.SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", True)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_NAME = "wbl_session"
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=_int("SESSION_HOURS", 8))
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.FORCE_HTTPS = _flag("FORCE_HTTPS", False)
        self.WTF_CSRF_TIME_LIMIT = 8 * 3600

        # argon2id at the OWASP minimum (m=19 MiB, t=2, p=1).
        self.ARGON2_TIME_COST = 2
        self.ARGON2_MEMORY_COST = 19 * 1024
        self.ARGON2_PARALLELISM = 1
        self.TESTING = False


class TestConfig(Config):
    __test__ = False  # not a pytest test class

    """Configuration for the test suite: cheap password hashing, rate limits in memory."""

    def __init__(self, database_url: str, instance_path: Path) -> None:
        super().__init__(instance_path=instance_path)
        self.TESTING = True
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.REDIS_URL = None
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.JOBS_SYNCHRONOUS = True
        self.ARGON2_TIME_COST = 1
        self.ARGON2_MEMORY_COST = 8
        self.MAIL_SERVER = None
        self.MAIL_DIR = str(Path(instance_path) / "mail")
        self.SMS_PROVIDER = None  # texts off unless a test turns them on
        # Jobs run synchronously in tests, so queued mail is delivered (into this folder) on commit.
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_SECURE = False
