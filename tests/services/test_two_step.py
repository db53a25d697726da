"""Two-step sign-in: codes from an authenticator app (never twice), recovery codes (each once, kept only as
hashes), enrolment, regenerating, turning off, an administrator's reset, the consortium's requirement, and
wrong codes bounded by the sign-in limits."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa

from wbl_match.models import AuditEvent, RecoveryCode, Role, TwoStepCredential
from wbl_match.models.base import utcnow
from wbl_match.passwords import get_passwords
from wbl_match.services.accounts import two_step
from wbl_match.services.accounts.sign_in_limits import SignInLimits, TooManyAttempts
from wbl_match.services.errors import Refused
from tests.conftest import TEST_PASSWORD

ADDRESS = "203.0.113.9"
LIMITS = SignInLimits()


def code_at(secret: str, moment) -> str:
    return pyotp.TOTP(secret).at(moment)


def enrol(session, user, moment=None):
    """Switch two-step sign-in on for ``user``; its secret and recovery codes."""
    moment = moment or utcnow()
    secret = two_step.start_enrolment(session, user)
    codes = two_step.confirm_enrolment(session, user, code_at(secret, moment), now=moment)
    return secret, codes


def actions(session) -> list[str]:
    return list(session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_enrolling_keeps_the_secret_sealed_and_turns_two_step_on_only_after_a_confirmed_code(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    secret = two_step.start_enrolment(session, user)
    stored = session.scalars(sa.select(TwoStepCredential)).one()
    assert secret not in stored.secret_sealed and stored.confirmed_at is None
    assert two_step.pending_secret(session, user) == secret
    assert not two_step.is_on(session, user) and two_step.next_step(session, user) is None
    codes = two_step.confirm_enrolment(session, user, code_at(secret, utcnow()))
    assert two_step.is_on(session, user) and two_step.next_step(session, user) == two_step.CODE
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "user.two_step_enrolled" in actions(session)


def test_enrolment_is_refused_with_a_wrong_code_and_stays_off(session, make_user):
    user = make_user(Role.ADMIN)
    secret = two_step.start_enrolment(session, user)
    wrong = "000000" if code_at(secret, utcnow()) != "000000" else "111111"
    with pytest.raises(two_step.TwoStepError):
        two_step.confirm_enrolment(session, user, wrong)
    assert not two_step.is_on(session, user)
    assert session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0


def test_students_cannot_turn_two_step_on_and_employers_may(session, make_user):
    with pytest.raises(Refused):
        two_step.start_enrolment(session, make_user(Role.STUDENT))
    employer = make_user(Role.EMPLOYER)
    enrol(session, employer)
    assert two_step.is_on(session, employer)


def test_a_current_code_passes_the_second_step_and_a_wrong_one_does_not(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    assert not two_step.attempt_second_step(session, LIMITS, user, "12345", ADDRESS, now=moment)
    right = code_at(secret, moment)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert not two_step.attempt_second_step(session, LIMITS, user, wrong, ADDRESS, now=moment)
    assert two_step.attempt_second_step(session, LIMITS, user, right[:3] + " " + right[3:], ADDRESS, now=moment)
    assert actions(session)[-3:] == ["user.two_step_failed", "user.two_step_failed", "user.two_step_passed"]


def test_a_code_of_the_step_before_or_after_is_accepted_but_not_one_two_steps_away(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    assert not two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment - timedelta(seconds=65)),
                                            ADDRESS, now=moment)
    assert two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment - timedelta(seconds=30)),
                                        ADDRESS, now=moment)


def test_a_code_cannot_be_used_twice_nor_an_earlier_one_after_a_later(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    code = code_at(secret, moment)
    assert two_step.attempt_second_step(session, LIMITS, user, code, ADDRESS, now=moment)
    assert not two_step.attempt_second_step(session, LIMITS, user, code, ADDRESS, now=moment)
    earlier = code_at(secret, moment - timedelta(seconds=30))
    if earlier != code:
        assert not two_step.attempt_second_step(session, LIMITS, user, earlier, ADDRESS, now=moment)
    assert two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment + timedelta(seconds=30)),
                                        ADDRESS, now=moment + timedelta(seconds=30))


def test_the_code_that_confirmed_enrolment_cannot_sign_in(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment)
    assert not two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment), ADDRESS, now=moment)


def test_a_recovery_code_signs_in_once_and_is_kept_only_as_a_salted_hash(session, make_user):
    user = make_user(Role.ADMIN)
    _, codes = enrol(session, user)
    rows = session.scalars(sa.select(RecoveryCode)).all()
    assert len(rows) == 10 and len({row.salt for row in rows}) == 10
    assert all(code.replace("-", "") not in row.code_hash for row in rows for code in codes)
    assert two_step.attempt_second_step(session, LIMITS, user, codes[3].upper().replace("-", " "), ADDRESS)
    assert two_step.recovery_codes_left(session, user) == 9
    assert not two_step.attempt_second_step(session, LIMITS, user, codes[3], ADDRESS)
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.recovery_code_used")).one()
    assert event.details == {"left": 9}


def test_new_recovery_codes_need_a_code_or_the_password_and_spend_the_old_ones(app, session, make_user):
    passwords = get_passwords(app)
    user = make_user(Role.INTERMEDIARY)
    _, old = enrol(session, user, utcnow() - timedelta(minutes=5))
    with pytest.raises(two_step.TwoStepError):
        two_step.regenerate_recovery_codes(session, user, two_step.Proof("not the password", ADDRESS, passwords))
    assert two_step.recovery_codes_left(session, user) == 10
    new = two_step.regenerate_recovery_codes(session, user, two_step.Proof(TEST_PASSWORD, ADDRESS, passwords))
    assert set(new).isdisjoint(old) and two_step.recovery_codes_left(session, user) == 10
    assert not two_step.attempt_second_step(session, LIMITS, user, old[0], ADDRESS)
    assert two_step.attempt_second_step(session, LIMITS, user, new[0], ADDRESS)
    assert "user.recovery_codes_regenerated" in actions(session)


def test_turning_off_needs_a_current_code_or_the_password_and_forgets_secret_and_codes(app, session, make_user):
    passwords = get_passwords(app)
    user = make_user(Role.EMPLOYER)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    with pytest.raises(two_step.TwoStepError):
        two_step.disable(session, user, two_step.Proof(
            "999999" if code_at(secret, moment) != "999999" else "888888", ADDRESS, passwords), now=moment)
    assert two_step.is_on(session, user)
    two_step.disable(session, user, two_step.Proof(code_at(secret, moment), ADDRESS, passwords), now=moment)
    assert not two_step.is_on(session, user) and two_step.next_step(session, user) is None
    assert session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
    assert session.scalar(sa.select(sa.func.count(TwoStepCredential.id))) == 0
    assert actions(session)[-1] == "user.two_step_disabled"


def test_an_administrator_resets_a_persons_two_step_and_signs_them_out(session, make_user):
    admin, user = make_user(Role.ADMIN), make_user(Role.INTERMEDIARY)
    enrol(session, user)
    version = user.session_version
    two_step.reset_by_admin(session, admin, user)
    assert not two_step.is_on(session, user) and user.session_version == version + 1
    assert session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "user.two_step_reset")).one()
    assert event.actor_id == admin.id and event.entity_id == user.id
    with pytest.raises(Refused):
        two_step.reset_by_admin(session, admin, user)


def test_an_administrator_cannot_reset_their_own_two_step(session, make_user):
    admin = make_user(Role.ADMIN)
    enrol(session, admin)
    with pytest.raises(Refused):
        two_step.reset_by_admin(session, admin, admin)
    assert two_step.is_on(session, admin)


def test_when_the_consortium_requires_it_staff_not_set_up_must_enrol_and_cannot_turn_it_off(app, session,
                                                                                            make_user):
    admin, coordinator = make_user(Role.ADMIN), make_user(Role.INTERMEDIARY)
    employer, student = make_user(Role.EMPLOYER), make_user(Role.STUDENT)
    two_step.set_staff_requirement(session, admin, True)
    assert two_step.next_step(session, coordinator) == two_step.ENROL
    assert two_step.next_step(session, admin) == two_step.ENROL
    assert two_step.next_step(session, employer) is None and two_step.next_step(session, student) is None
    secret, _ = enrol(session, coordinator, utcnow() - timedelta(minutes=5))
    assert two_step.next_step(session, coordinator) == two_step.CODE
    with pytest.raises(Refused):
        two_step.disable(session, coordinator, two_step.Proof(TEST_PASSWORD, ADDRESS, get_passwords(app)))
    assert two_step.is_on(session, coordinator)
    assert "consortium.two_step_required" in actions(session)
    two_step.set_staff_requirement(session, admin, False)
    assert two_step.next_step(session, admin) is None


def test_wrong_codes_count_into_the_sign_in_limits_and_a_correct_password_does_not_clear_them(app, session,
                                                                                             make_user):
    from wbl_match.services.accounts.sign_in_limits import attempt_sign_in

    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    wrong = f"{(int(code_at(secret, moment)) + 1) % 1_000_000:06d}"
    for _ in range(LIMITS.per_account):
        assert not two_step.attempt_second_step(session, LIMITS, user, wrong, ADDRESS, now=moment)
    assert attempt_sign_in(session, get_passwords(app),
                           LIMITS, user.email, TEST_PASSWORD, ADDRESS) is not None
    with pytest.raises(TooManyAttempts):
        two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment), ADDRESS, now=moment)


def test_a_code_from_another_address_is_still_checked_while_one_address_waits(session, make_user):
    user = make_user(Role.INTERMEDIARY)
    moment = utcnow()
    secret, _ = enrol(session, user, moment - timedelta(minutes=5))
    wrong = f"{(int(code_at(secret, moment)) + 1) % 1_000_000:06d}"
    for _ in range(LIMITS.per_account):
        two_step.attempt_second_step(session, LIMITS, user, wrong, ADDRESS, now=moment)
    assert two_step.attempt_second_step(session, LIMITS, user, code_at(secret, moment), "198.51.100.4", now=moment)


def test_a_secret_sealed_under_another_key_leaves_recovery_codes_working(app, session, make_user):
    from wbl_match.services.outbox import sealing

    user = make_user(Role.INTERMEDIARY)
    _, codes = enrol(session, user)
    credential = two_step.credential_of(session, user)
    other_secret = pyotp.random_base32()
    sealing.bind_key("another secret key")
    try:
        foreign = sealing.seal(other_secret)
    finally:
        sealing.bind_key(app.config["SECRET_KEY"])
    credential.secret_sealed = foreign
    session.commit()
    assert not two_step.attempt_second_step(session, LIMITS, user, pyotp.TOTP(other_secret).now(), ADDRESS)
    assert two_step.attempt_second_step(session, LIMITS, user, codes[0], ADDRESS)


def test_wrong_proofs_to_turn_off_or_make_codes_count_into_the_limits(app, session, make_user):
    passwords = get_passwords(app)
    user = make_user(Role.EMPLOYER)
    enrol(session, user, utcnow() - timedelta(minutes=5))
    for _ in range(LIMITS.per_account):
        with pytest.raises(two_step.TwoStepError):
            two_step.disable(session, user, two_step.Proof("a guess", ADDRESS, passwords))
    with pytest.raises(TooManyAttempts):
        two_step.regenerate_recovery_codes(session, user, two_step.Proof(TEST_PASSWORD, ADDRESS, passwords))
    assert two_step.is_on(session, user) and two_step.recovery_codes_left(session, user) == 10
