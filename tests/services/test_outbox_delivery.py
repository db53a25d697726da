"""Delivering the outbox: to a real SMTP server when configured, else to the mail folder; retries, failures, resend."""
from __future__ import annotations

import email
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from wbl_match.mailer import MailSettings
from wbl_match.models import AuditEvent, OutboxMessage, OutboxStatus, Role
from wbl_match.models.base import utcnow
from wbl_match.outbox_jobs import deliver_now
from wbl_match.services.errors import Refused
from wbl_match.services.outbox.delivery import MAX_ATTEMPTS, deliver_due, resend, retry_delay
from wbl_match.services.outbox.messages import queue_message
from wbl_match.services.outbox.templates import SECRET_PLACEHOLDER
from tests.mail_support import free_port, smtp_config, smtp_server  # noqa: F401 (fixture)


@pytest.fixture
def manual(app):
    """Deliveries only when the test asks (the embedded default delivers on commit)."""
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    return app


def _settings(app) -> MailSettings:
    return MailSettings.from_mapping(app.config)


def _aware(moment):
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def test_without_a_mail_server_each_message_is_written_as_an_eml_file_into_the_mail_folder(app, session, consortium):
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello Ana", link_path="/student/")
    session.commit()  # delivered on commit, with no other action
    message = session.scalars(sa.select(OutboxMessage)).one()
    session.refresh(message)
    assert message.status is OutboxStatus.LOGGED and message.sent_at and message.attempts == 1
    files = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert [f.name for f in files] == [f"{message.id:08d}.eml"]
    written = email.message_from_bytes(files[0].read_bytes())
    assert written["To"] == "ana@example.org" and written["Subject"] == "Your offer"
    assert "Hello Ana" in written.get_payload() and "http://127.0.0.1:8000/student/" in written.get_payload()
    assert files[0].stat().st_mode & 0o077 == 0  # readable by the service's user only


def test_a_message_goes_to_the_smtp_server_with_a_link_to_its_page(app, session, consortium, smtp_server):
    recorder, port = smtp_server
    smtp_config(app, port)
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello Ana",
                  link_path="/student/placements/7")
    session.commit()
    assert recorder.wait_for(1, timeout=10)
    assert recorder.messages[0]["To"] == "ana@example.org"
    assert "Open it in WBL Match: https://wbl.example.org/student/placements/7" in recorder.text(0)
    message = session.scalars(sa.select(OutboxMessage)).one()
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and message.error is None


def test_a_secret_goes_out_in_the_email_but_is_never_kept_in_the_body_and_is_erased_once_sent(
        app, manual, session, consortium, smtp_server):
    recorder, port = smtp_server
    smtp_config(app, port)
    link = "https://wbl.example.org/invitations/s3cr3t-t0ken-of-forty-three-characters-abc"
    queue_message(session, consortium.id, "pat@example.org", "Invitation", f"Open:\n\n{SECRET_PLACEHOLDER}\n",
                  secret=link)
    session.commit()
    message = session.scalars(sa.select(OutboxMessage)).one()
    assert link not in message.body and "s3cr3t" not in (message.sealed or "") and message.sealed
    assert deliver_due(session, _settings(app))["sent"] == 1
    assert recorder.wait_for(1, timeout=10) and link in recorder.text(0)
    session.refresh(message)
    assert message.sealed is None and link not in message.body


def test_a_body_without_the_placeholder_refuses_a_secret_and_a_placeholder_needs_one(session, consortium):
    with pytest.raises(ValueError):
        queue_message(session, consortium.id, "a@example.org", "x", "no place for it", secret="https://x/y")
    with pytest.raises(ValueError):
        queue_message(session, consortium.id, "a@example.org", "x", f"{SECRET_PLACEHOLDER}")


def test_a_refused_recipient_is_retried_with_growing_waits_then_failed_and_resent_by_staff(
        app, manual, session, consortium, smtp_server, make_user):
    recorder, port = smtp_server
    smtp_config(app, port)
    recorder.refuse.add("bad@example.org")
    queue_message(session, consortium.id, "ok@example.org", "Offer", "Hello")
    queue_message(session, consortium.id, "bad@example.org", "Offer", "Hello")
    session.commit()
    assert deliver_due(session, _settings(app)) == {"sent": 1, "saved": 0, "retrying": 1, "failed": 0}
    bad = session.scalar(sa.select(OutboxMessage).where(OutboxMessage.to_address == "bad@example.org"))
    assert bad.status is OutboxStatus.PENDING and "550" in bad.error and bad.attempts == 1
    waits = []
    for attempt in range(2, MAX_ATTEMPTS + 1):
        waits.append(_aware(bad.next_attempt_at) - utcnow())
        assert deliver_due(session, _settings(app))["retrying"] == 0  # not due yet: nothing is tried
        bad.next_attempt_at = utcnow() - timedelta(seconds=1)
        session.commit()
        deliver_due(session, _settings(app))
        session.refresh(bad)
        assert bad.attempts == attempt
    assert all(later > earlier for earlier, later in zip(waits, waits[1:]))  # the waits grow
    assert retry_delay(1) == timedelta(seconds=30) and retry_delay(2) == timedelta(seconds=60)
    assert bad.status is OutboxStatus.FAILED and bad.next_attempt_at is None
    assert [m["To"] for m in recorder.messages] == ["ok@example.org"]

    coordinator = make_user(Role.INTERMEDIARY)
    recorder.refuse.clear()
    resend(session, coordinator, bad)
    assert bad.status is OutboxStatus.PENDING and bad.attempts == 0 and bad.error is None
    assert deliver_due(session, _settings(app))["sent"] == 1
    assert recorder.wait_for(2, timeout=10) and recorder.messages[1]["To"] == "bad@example.org"
    assert session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity_id == bad.id)) == "outbox.resend"


def test_only_a_failed_message_of_ones_own_consortium_can_be_resent(app, manual, session, consortium, make_user,
                                                                    make_consortium):
    queue_message(session, consortium.id, "ok@example.org", "Offer", "Hello")
    session.commit()
    message = session.scalars(sa.select(OutboxMessage)).one()
    with pytest.raises(Refused, match="failed"):
        resend(session, make_user(Role.INTERMEDIARY), message)
    other = make_consortium()
    message.status = OutboxStatus.FAILED
    session.commit()
    with pytest.raises(Refused, match="not one of your consortium"):
        resend(session, make_user(Role.INTERMEDIARY, consortium_id=other.id), message)


def test_an_unreachable_server_leaves_every_message_waiting_for_another_try(app, manual, session, consortium):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    queue_message(session, consortium.id, "a@example.org", "One", "Hello")
    queue_message(session, consortium.id, "b@example.org", "Two", "Hello")
    session.commit()
    assert deliver_due(session, _settings(app)) == {"sent": 0, "saved": 0, "retrying": 2, "failed": 0}
    for message in session.scalars(sa.select(OutboxMessage)):
        assert message.status is OutboxStatus.PENDING and message.attempts == 1
        assert "ConnectionRefused" in message.error and _aware(message.next_attempt_at) > utcnow()


def test_a_message_claimed_by_one_worker_is_not_sent_by_another(app, manual, session, consortium, smtp_server):
    recorder, port = smtp_server
    smtp_config(app, port)
    queue_message(session, consortium.id, "a@example.org", "One", "Hello")
    session.commit()
    message = session.scalars(sa.select(OutboxMessage)).one()
    message.next_attempt_at = utcnow() + timedelta(minutes=5)  # as another worker's claim leaves it
    session.commit()
    assert deliver_now() == {"sent": 0, "saved": 0, "retrying": 0, "failed": 0}
    assert recorder.messages == []


def test_a_rolled_back_change_sends_nothing(app, session, consortium):
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello")
    session.flush()
    session.rollback()
    session.add(OutboxMessage(consortium_id=consortium.id, to_address="x", subject="s", body="b",
                              status=OutboxStatus.SENT))
    session.commit()
    assert not list(Path(app.config["MAIL_DIR"]).glob("*.eml"))
