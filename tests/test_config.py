"""Configuration comes from the environment, with safe defaults."""
from __future__ import annotations

import stat

from wbl_match.config import Config, load_or_create_secret_key, normalise_database_url


def test_a_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    first = load_or_create_secret_key(tmp_path)
    second = load_or_create_secret_key(tmp_path)
    assert first == second and len(first) >= 40
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_the_secret_key_from_the_environment_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert Config(instance_path=tmp_path).SECRET_KEY == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Config(instance_path=tmp_path).SQLALCHEMY_DATABASE_URI == f"sqlite:///{tmp_path / 'wbl_match.sqlite3'}"


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_redis_url_switches_jobs_and_rate_limits_to_redis(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    config = Config(instance_path=tmp_path)
    assert config.REDIS_URL == "redis://127.0.0.1:6379/0"
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
