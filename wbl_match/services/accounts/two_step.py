"""Two-step sign-in: after the password, a 6-digit code from an authenticator app (TOTP, RFC 6238) or a
one-time recovery code.

Who: coordinators and administrators (the staff, whom the consortium may require to use it) and employers'
people (who may opt in). The rule of who is asked what after a correct password is ``next_step``, and only
there.

- The secret is kept sealed (``outbox.sealing``: Fernet under a key derived from ``SECRET_KEY``), never in
  plain text; it is switched on only once a code from it has been confirmed.
- A code is accepted in its 30-second step or the one either side (a phone's clock drifts), and never twice:
  the step of the last accepted code is kept and only a later one is accepted.
- Ten recovery codes are shown once, kept only as salted SHA-256 hashes (each code carries 50 random bits),
  each working once; making new ones spends the old ones.
- A wrong code counts into the sign-in limits (``sign_in_limits``) under a key of its own (so that typing
  the password again does not clear it) and from the address, so guessing is bounded like passwords.
- Turning it off and making new recovery codes ask for a current code or the password (wrong ones counted
  like wrong codes at sign-in); an administrator can reset it for a person who
  lost both phone and codes. Every change and every recovery code used is audited.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session as session_of

from wbl_match.models import Consortium, RecoveryCode, Role, TwoStepCredential, User
from wbl_match.models.base import utcnow
from wbl_match.passwords import Passwords
from wbl_match.services.accounts.sign_in_limits import (
    SignInLimits, TooManyAttempts, clear_failures, record_failure, seconds_to_wait,
)
from wbl_match.services.accounts.users import AccountError
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Refused, rolls_back_refusals
from wbl_match.services.outbox.sealing import seal, unseal

#: Roles that may turn two-step sign-in on for themselves.
TWO_STEP_ROLES = (Role.ADMIN, Role.INTERMEDIARY, Role.EMPLOYER)
#: Roles the consortium's setting requires it of.
STAFF_ROLES = (Role.ADMIN, Role.INTERMEDIARY)
#: The name the authenticator app shows beside the account.
ISSUER = "WBL Match"
STEP_SECONDS = 30
#: Steps either side of now that are still accepted (clock drift of the phone).
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
#: Recovery codes are written in these letters and digits (no 0/o, 1/l/i that look alike).
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 10

#: What is asked after a correct password.
CODE = "code"
ENROL = "enrol"

_SPACES = re.compile(r"[\s-]+")


class TwoStepError(AccountError):
    """A code (or password) that does not prove the person has their authenticator; field ``code``."""

    def __init__(self, message: str, field: str = "code") -> None:
        super().__init__(field, message)


# --- who is asked what -------------------------------------------------------------------------------

def may_use(user: User) -> bool:
    return user.role in TWO_STEP_ROLES


def is_required(session: Session, user: User) -> bool:
    """The consortium requires two steps of this person (a coordinator or administrator)."""
    if user.role not in STAFF_ROLES:
        return False
    return bool(session.scalar(sa.select(Consortium.staff_two_step_required)
                               .where(Consortium.id == user.consortium_id)))


def credential_of(session: Session, user: User) -> TwoStepCredential | None:
    return session.scalar(sa.select(TwoStepCredential).where(TwoStepCredential.user_id == user.id))


def is_on(session: Session, user: User) -> bool:
    credential = credential_of(session, user)
    return credential is not None and credential.confirmed_at is not None


def next_step(session: Session, user: User) -> str | None:
    """After a correct password: ``CODE`` (ask for a code), ``ENROL`` (required and not yet set up: set it up
    before anything else) or None (signed in). The one place this rule lives."""
    if is_on(session, user):
        return CODE
    if is_required(session, user):
        return ENROL
    return None


# --- codes -----------------------------------------------------------------------------------------

def _step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (now or within the drift) whose code this is, or None."""
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    current = _step(now)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


def _digits(code: str) -> str | None:
    compact = _SPACES.sub("", code or "")
    return compact if len(compact) == 6 and compact.isdigit() else None


def _secret(credential: TwoStepCredential) -> str:
    secret = unseal(credential.secret_sealed)
    if secret is None:
        raise TwoStepError("Codes from your authenticator cannot be checked just now; use a recovery code, or ask "
                           "an administrator to reset your two-step sign-in.")
    return secret


def _accept_code(credential: TwoStepCredential, code: str, now: datetime) -> bool:
    """A current code not used before; the step is remembered so that it cannot be used again."""
    digits = _digits(code)
    if digits is None:
        return False
    step = _matching_step(_secret(credential), digits, now)
    if step is None or (credential.last_step is not None and step <= credential.last_step):
        return False
    # Conditional, so that two requests with the same code at the same moment cannot both pass.
    taken = session_of(credential).execute(
        sa.update(TwoStepCredential).where(TwoStepCredential.id == credential.id,
                                           sa.or_(TwoStepCredential.last_step.is_(None),
                                                  TwoStepCredential.last_step < step))
        .values(last_step=step).execution_options(synchronize_session=False))
    if taken.rowcount != 1:
        return False
    credential.last_step = step
    return True


def _normal_recovery(code: str) -> str:
    return _SPACES.sub("", code or "").lower()


def _hash_recovery(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{_normal_recovery(code)}".encode()).hexdigest()


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    """Spend every earlier recovery code of the person and make ten new ones (shown once, kept as hashes)."""
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        salt = secrets.token_hex(16)
        session.add(RecoveryCode(user_id=user.id, salt=salt, code_hash=_hash_recovery(salt, raw)))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _spend_recovery_code(session: Session, user: User, code: str) -> RecoveryCode | None:
    typed = _normal_recovery(code)
    if len(typed) != RECOVERY_LENGTH:
        return None
    unused = session.scalars(sa.select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                           RecoveryCode.used_at.is_(None))).all()
    for row in unused:
        if hmac.compare_digest(row.code_hash, _hash_recovery(row.salt, typed)):
            row.used_at = utcnow()
            return row
    return None


def recovery_codes_left(session: Session, user: User) -> int:
    return session.scalar(sa.select(sa.func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=user.email, issuer_name=ISSUER)


# --- enrolment -------------------------------------------------------------------------------------

@rolls_back_refusals
def start_enrolment(session: Session, user: User) -> str:
    """A new secret for the person to add to their authenticator app (replacing an unconfirmed one); two-step
    sign-in is not on until ``confirm_enrolment``. Commits."""
    if not may_use(user):
        raise Refused("Two-step sign-in is for coordinators, administrators and employers' accounts.")
    credential = credential_of(session, user)
    if credential is not None and credential.confirmed_at is not None:
        raise Refused("Two-step sign-in is already on.")
    secret = pyotp.random_base32()
    if credential is None:
        credential = TwoStepCredential(user_id=user.id, secret_sealed=seal(secret))
        session.add(credential)
    else:
        credential.secret_sealed, credential.last_step = seal(secret), None
    session.commit()
    return secret


def pending_secret(session: Session, user: User) -> str | None:
    """The secret being set up (shown again while the person has not confirmed a code), or None."""
    credential = credential_of(session, user)
    if credential is None or credential.confirmed_at is not None:
        return None
    return unseal(credential.secret_sealed)


@rolls_back_refusals
def confirm_enrolment(session: Session, user: User, code: str, now: datetime | None = None) -> list[str]:
    """Switch two-step sign-in on with a current code from the new secret; the ten recovery codes, to show
    once. Commits."""
    credential = credential_of(session, user)
    if credential is None or credential.confirmed_at is not None:
        raise Refused("Start setting up two-step sign-in again.")
    if not _accept_code(credential, code, now or utcnow()):
        raise TwoStepError("This code is not right. Type the 6 digits your app shows now for WBL Match.")
    credential.confirmed_at = utcnow()
    codes = _new_recovery_codes(session, user)
    record_event(session, user, "user.two_step_enrolled", user)
    session.commit()
    return codes


@dataclass(frozen=True)
class Proof:
    """What a signed-in person typed to show it is them (a current code, or their password), and from where:
    wrong proofs count into the sign-in limits like wrong codes at sign-in."""

    text: str
    address: str
    passwords: Passwords
    limits: SignInLimits = SignInLimits()


def _prove_presence(session: Session, user: User, proof: Proof, now: datetime) -> None:
    """A current code from the authenticator, or the person's password; otherwise refused (and counted)."""
    credential = credential_of(session, user)
    if credential is None or credential.confirmed_at is None:
        raise Refused("Two-step sign-in is not on.")
    wait = seconds_to_wait(session, proof.limits, limits_key(user), proof.address)
    if wait:
        raise TooManyAttempts(wait)
    if _digits(proof.text) is not None and _accept_code(credential, proof.text, now):
        return
    if proof.text and proof.passwords.verify(user.password_hash, proof.text):
        return
    record_failure(session, proof.limits, limits_key(user), proof.address)
    raise TwoStepError("Type a current code from your authenticator app, or your password.", field="proof")


@rolls_back_refusals
def regenerate_recovery_codes(session: Session, user: User, proof: Proof, now: datetime | None = None) -> list[str]:
    """Ten new recovery codes after a current code or the password; the old ones stop working. Commits."""
    _prove_presence(session, user, proof, now or utcnow())
    codes = _new_recovery_codes(session, user)
    record_event(session, user, "user.recovery_codes_regenerated", user)
    session.commit()
    return codes


@rolls_back_refusals
def disable(session: Session, user: User, proof: Proof, now: datetime | None = None) -> None:
    """Turn two-step sign-in off after a current code or the password (not while the consortium requires it).
    Commits."""
    if is_required(session, user):
        raise Refused("Your consortium requires two-step sign-in of coordinators and administrators, so it stays on.")
    _prove_presence(session, user, proof, now or utcnow())
    _forget(session, user)
    record_event(session, user, "user.two_step_disabled", user)
    session.commit()


def _forget(session: Session, user: User) -> None:
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.execute(sa.delete(TwoStepCredential).where(TwoStepCredential.user_id == user.id))


# --- signing in ------------------------------------------------------------------------------------

def limits_key(user: User) -> str:
    """The account as the sign-in limits count the second step (apart from passwords: a correct password does
    not clear failed codes)."""
    return f"two-step:{user.id}"


def attempt_second_step(session: Session, limits: SignInLimits, user: User, code: str, address: str,
                        now: datetime | None = None) -> bool:
    """Check the code typed after the password: a current authenticator code (not used before) or an unused
    recovery code (spent). A wrong one is counted and audited; raises TooManyAttempts while the person or
    address must wait (nothing checked). Commits."""
    wait = seconds_to_wait(session, limits, limits_key(user), address)
    if wait:
        raise TooManyAttempts(wait)
    credential = credential_of(session, user)
    if credential is None or credential.confirmed_at is None:
        return False
    try:
        accepted = _accept_code(credential, code, now or utcnow())
    except TwoStepError:  # the secret cannot be opened: only recovery codes work
        accepted = False
    if accepted:
        record_event(session, user, "user.two_step_passed", user)
    else:
        spent = _spend_recovery_code(session, user, code)
        if spent is not None:
            accepted = True
            session.flush()
            record_event(session, user, "user.recovery_code_used", user, left=recovery_codes_left(session, user))
    if accepted:
        session.commit()
        clear_failures(session, limits_key(user), address)
        return True
    record_event(session, user, "user.two_step_failed", user)
    record_failure(session, limits, limits_key(user), address)
    return False


# --- administration --------------------------------------------------------------------------------

@rolls_back_refusals
def reset_by_admin(session: Session, actor: User, user: User) -> None:
    """An administrator turns a person's two-step sign-in off (phone and recovery codes lost): the person is
    signed out everywhere and signs in with the password alone (or sets it up again when it is required)."""
    if user.id == actor.id:
        raise Refused("You cannot reset your own two-step sign-in; ask another administrator.")
    if credential_of(session, user) is None:
        raise Refused(f"{user.name} does not use two-step sign-in.")
    _forget(session, user)
    user.session_version += 1
    record_event(session, actor, "user.two_step_reset", user)
    session.commit()


def reset_consequences(user: User) -> list[str]:
    return [f"{user.name}'s authenticator app and recovery codes stop working at once, and they are signed out "
            "everywhere.",
            "They sign in with their password alone, or set up two-step sign-in again when the consortium "
            "requires it.",
            "Reset only after checking who is asking (in person or by a call to a number you know)."]


@rolls_back_refusals
def set_staff_requirement(session: Session, actor: User, required: bool) -> None:
    """Require (or stop requiring) two-step sign-in of the consortium's coordinators and administrators;
    those not set up are asked to set it up at their next sign-in. Commits."""
    consortium = session.get(Consortium, actor.consortium_id)
    if consortium.staff_two_step_required == required:
        return
    consortium.staff_two_step_required = required
    record_event(session, actor, "consortium.two_step_required" if required else "consortium.two_step_optional",
                 consortium)
    session.commit()


def staff_enrolment(session: Session, consortium_id: int) -> dict[int, bool]:
    """Each user of the consortium who has two-step sign-in on: user id -> True."""
    rows = session.scalars(sa.select(TwoStepCredential.user_id).join(User, User.id == TwoStepCredential.user_id)
                           .where(User.consortium_id == consortium_id,
                                  TwoStepCredential.confirmed_at.is_not(None))).all()
    return {user_id: True for user_id in rows}
