"""Sealing a message's secret (a one-time link) so that no page, export or log can read it.

The outbox keeps the message for staff to read, but a one-time link in it would let any reader act as
the person it was sent to. So the link is kept apart from the body, sealed (Fernet: AES-128-CBC with an
HMAC-SHA256 tag) under a key derived from the application's ``SECRET_KEY``, opened only as the e-mail
goes out, and erased once it has gone.
"""
from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

_fernet: Fernet | None = None


def bind_key(secret_key: str) -> None:
    """Derive the sealing key from the application's secret key (called once when the application starts)."""
    global _fernet
    digest = hashlib.sha256(b"wbl_match outbox sealing\x00" + secret_key.encode("utf-8")).digest()
    _fernet = Fernet(base64.urlsafe_b64encode(digest))


def _key() -> Fernet:
    if _fernet is None:
        raise RuntimeError("no sealing key bound: the application binds it from SECRET_KEY")
    return _fernet


def seal(secret: str) -> str:
    return _key().encrypt(secret.encode("utf-8")).decode("ascii")


def unseal(sealed: str) -> str | None:
    """The secret, or None when it was sealed under another key (``SECRET_KEY`` changed since)."""
    try:
        return _key().decrypt(sealed.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return None
