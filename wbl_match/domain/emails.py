"""An e-mail address someone can be written to (a guardian's, a contact's): its form and its stored form.

The form is checked (one ``@``, a domain with a dot, no spaces, at most 254 characters) without asking the
internet whether the domain exists: a record is saved the same way offline and online. Stored in lower case,
trimmed, as accounts' addresses are.
"""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

MAX_LENGTH = 254
MESSAGE = "Write an e-mail address like name@example.org."


def email_problem(value: object) -> str | None:
    """Why ``value`` is not an e-mail address, or None; a blank or missing value is allowed (no address)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_LENGTH:
        return MESSAGE
    try:
        validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError:
        return MESSAGE
    return None


def normal_email(value: str | None) -> str | None:
    """The stored form of an address that passed ``email_problem``: trimmed, lower case; None when blank."""
    if value is None or not value.strip():
        return None
    return value.strip().lower()
