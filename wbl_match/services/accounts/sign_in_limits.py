"""Limits on failed sign-ins, counted in the database so that every web worker (and server) sees one count.

Three counts over the last ``window`` (15 minutes by default), each with its own limit:

- failures for one account from one address (5): someone guessing one person's password;
- failures from one address for any account (20): someone trying many accounts;
- failures for one account from every address together (50): a guess spread over many addresses.

Once a count reaches its limit, the next attempt waits ``base_wait`` seconds after the last failure, doubling
with each further failure up to ``max_wait`` (5 minutes): nobody is locked out for longer than that, and a
blocked attempt is not checked and does not count. A burst from elsewhere does not block the account's
rightful user at their own address until the all-addresses limit is reached; a correct password clears the
failures of that account from that address.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import SignInFailure, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.services.accounts.users import authenticate, find_user_by_email
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refusal


@dataclass(frozen=True)
class SignInLimits:
    per_account: int = 5
    per_address: int = 20
    per_account_everywhere: int = 50
    window: timedelta = timedelta(minutes=15)
    base_wait: int = 30
    max_wait: int = 300

    @classmethod
    def from_config(cls, config) -> "SignInLimits":
        return cls(per_account=config.get("SIGN_IN_ACCOUNT_LIMIT", 5),
                   per_address=config.get("SIGN_IN_ADDRESS_LIMIT", 20),
                   per_account_everywhere=config.get("SIGN_IN_ACCOUNT_EVERYWHERE_LIMIT", 50),
                   window=timedelta(minutes=config.get("SIGN_IN_WINDOW_MINUTES", 15)),
                   max_wait=config.get("SIGN_IN_MAX_WAIT_SECONDS", 300))

    def wait_after(self, failures: int, limit: int) -> int:
        """Seconds to wait after the last of ``failures`` (0 below the limit), capped at ``max_wait``."""
        if failures < limit:
            return 0
        return min(self.max_wait, self.base_wait * 2 ** min(failures - limit, 16))


def account_key(email: str) -> str:
    """The account as counted: the SHA-256 of the e-mail typed, trimmed and lower-cased (never the e-mail)."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


def _count(session: Session, since: datetime, *conditions) -> tuple[int, datetime | None]:
    row = session.execute(sa.select(sa.func.count(), sa.func.max(SignInFailure.failed_at))
                          .where(SignInFailure.failed_at >= since, *conditions)).one()
    return row[0], row[1]


def seconds_to_wait(session: Session, limits: SignInLimits, email: str, address: str,
                    now: datetime | None = None) -> int:
    """How long this account must wait before it may try again from this address (0: it may try now)."""
    now = now or utcnow()
    since, key = now - limits.window, account_key(email)
    counts = (
        (_count(session, since, SignInFailure.account_key == key, SignInFailure.address == address),
         limits.per_account),
        (_count(session, since, SignInFailure.address == address), limits.per_address),
        (_count(session, since, SignInFailure.account_key == key), limits.per_account_everywhere),
    )
    wait = 0.0
    for (failures, last), limit in counts:
        delay = limits.wait_after(failures, limit)
        if delay and last is not None:
            if last.tzinfo is None:  # SQLite returns the aggregate without its zone
                last = last.replace(tzinfo=now.tzinfo)
            wait = max(wait, (last + timedelta(seconds=delay) - now).total_seconds())
    return max(0, math.ceil(wait))


def record_failure(session: Session, limits: SignInLimits, email: str, address: str) -> None:
    """Count a failed sign-in (and forget failures older than the window). Commits."""
    now = utcnow()
    session.execute(sa.delete(SignInFailure).where(SignInFailure.failed_at < now - limits.window))
    session.add(SignInFailure(account_key=account_key(email), address=address[:64], failed_at=now))
    session.commit()


def clear_failures(session: Session, email: str, address: str) -> None:
    """After a correct password: the account's failures from this address no longer count. Commits."""
    session.execute(sa.delete(SignInFailure).where(SignInFailure.account_key == account_key(email),
                                                   SignInFailure.address == address))
    session.commit()


class TooManyAttempts(Refusal):
    """Sign-in attempts for this account or from this address must wait (HTTP 429)."""

    status = 429

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        wait = f"{seconds} seconds" if seconds < 90 else f"{math.ceil(seconds / 60)} minutes"
        super().__init__(f"Too many failed attempts to sign in. Wait {wait} and try again; if you have forgotten "
                         "your password, ask your coordinator.")


def attempt_sign_in(session: Session, passwords: Passwords, limits: SignInLimits, email: str, password: str,
                    address: str) -> User | None:
    """Sign in within the limits: the user, or None for a wrong e-mail or password (counted and, for a known
    account, audited); raises TooManyAttempts while this account or address must wait (nothing checked)."""
    wait = seconds_to_wait(session, limits, email, address)
    if wait:
        raise TooManyAttempts(wait)
    user = authenticate(session, passwords, email, password)
    if user is not None:
        clear_failures(session, email, address)
        return user
    known = find_user_by_email(session, email)
    if known is not None:
        record_event(session, None, "user.sign_in_failed", known)
    record_failure(session, limits, email, address)
    return None
