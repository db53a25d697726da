"""The outbox delivers by itself, shows where mail went and what failed, offers Resend, and never shows a link."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from wbl_match.models import OutboxMessage, OutboxStatus, Role
from wbl_match.services.outbox.messages import queue_message
from wbl_match.services.outbox.sealing import unseal
from tests.conftest import csrf_token_from
from tests.mail_support import smtp_config, smtp_server  # noqa: F401 (fixture)
from tests.web.test_invitations import invite, link_in


@pytest.fixture
def mail_thread(app):
    """The embedded default as served: jobs in the background, the outbox's mail thread running."""
    app.config["JOBS_SYNCHRONOUS"] = False
    yield app.extensions["wbl_mail"]
    app.extensions["wbl_mail"].stop()


def test_a_queued_invitation_reaches_the_smtp_server_within_a_minute_with_no_other_action(
        app, client, signed_in, make_employer, smtp_server, mail_thread, session):
    recorder, port = smtp_server
    smtp_config(app, port)
    signed_in(Role.INTERMEDIARY)
    response = invite(client, email="pat@example.org", employer_id=str(make_employer().id))
    path = link_in(response.get_data(as_text=True))
    assert recorder.wait_for(1, timeout=60), "the invitation did not arrive within a minute"
    assert recorder.messages[0]["To"] == "pat@example.org"
    assert path in recorder.text(0)  # the link is in the e-mail...
    mail_thread.stop()  # lets the thread finish recording the delivery
    message = session.scalars(sa.select(OutboxMessage)).one()
    session.refresh(message)
    assert message.status is OutboxStatus.SENT and path not in message.body  # ...and in no stored text
    assert message.sealed is None


def test_the_sweep_sends_a_message_whose_wake_up_was_lost(app, session, consortium, smtp_server, mail_thread):
    recorder, port = smtp_server
    smtp_config(app, port)
    app.config["MAIL_SWEEP_SECONDS"] = 1
    app.extensions["wbl_mail"]._sweep = 1
    mail_thread.start()
    # Written without the session (as after a crash between commit and wake-up): nothing wakes the thread.
    with app.extensions["sqlalchemy"].engines[None].begin() as connection:
        connection.execute(sa.insert(OutboxMessage).values(consortium_id=consortium.id, to_address="ana@example.org",
                                                           subject="Late", body="Hello", status="pending",
                                                           attempts=0))
    assert recorder.wait_for(1, timeout=60) and recorder.messages[0]["Subject"] == "Late"


def test_the_outbox_shows_that_a_link_was_sent_never_the_link(app, client, signed_in, make_employer, session):
    signed_in(Role.INTERMEDIARY)
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    path = link_in(invite(client, email="pat@example.org", employer_id=str(make_employer().id)).get_data(as_text=True))
    token = path.rsplit("/", 1)[1]
    message = session.scalars(sa.select(OutboxMessage)).one()
    assert unseal(message.sealed) == "http://localhost" + path
    for page in (client.get("/intermediary/outbox"), client.get(f"/intermediary/outbox/{message.id}")):
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and token not in text
    detail = client.get(f"/intermediary/outbox/{message.id}").get_data(as_text=True)
    assert "one-time link: it is in the e-mail only" in detail
    assert token not in message.body and token not in (message.sealed or "")


def test_the_outbox_says_where_messages_went_and_a_failed_one_can_be_resent(app, client, signed_in, session,
                                                                             consortium):
    user = signed_in(Role.INTERMEDIARY)
    outbox = client.get("/intermediary/outbox").get_data(as_text=True)
    assert "the mail folder" in outbox and app.config["MAIL_DIR"] in outbox
    app.config["OUTBOX_AUTO_DELIVERY"] = False
    message = queue_message(session, user.consortium_id, "bad@example.org", "Offer", "Hello")
    session.commit()
    message.status, message.attempts, message.error = OutboxStatus.FAILED, 5, "SMTPRecipientsRefused: 550 no mailbox"
    session.commit()
    outbox = client.get("/intermediary/outbox").get_data(as_text=True)
    assert "1 message could not be delivered" in outbox and "550 no mailbox" in outbox and "Resend" in outbox
    app.config["OUTBOX_AUTO_DELIVERY"] = True
    detail = client.get(f"/intermediary/outbox/{message.id}").get_data(as_text=True)
    response = client.post(f"/intermediary/outbox/{message.id}/resend", data={"csrf_token": csrf_token_from(detail)})
    assert response.status_code == 302
    session.refresh(message)
    assert message.status is OutboxStatus.LOGGED and message.error is None  # sent again, into the mail folder
    response = client.post(f"/intermediary/outbox/{message.id}/resend", data={"csrf_token": csrf_token_from(detail)},
                           follow_redirects=True)
    assert "Only a message that failed can be sent again." in response.get_data(as_text=True)
