"""argon2id password hashing with parameters from the configuration."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask

#: A hash of a random password, verified against when the e-mail is unknown so that timing does not tell.
_DUMMY_PASSWORD = "not-a-real-password-0f3c"


class Passwords:
    """Hash and verify passwords; verification of an unknown account costs the same as a known one."""

    def __init__(self, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
        self._dummy_hash = self._hasher.hash(_DUMMY_PASSWORD)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def init_app(app: Flask) -> None:
    app.extensions["wbl_passwords"] = Passwords(
        app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_COST"], app.config["ARGON2_PARALLELISM"])


def get_passwords(app: Flask) -> Passwords:
    return app.extensions["wbl_passwords"]
