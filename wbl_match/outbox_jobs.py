"""Delivering the outbox without anyone asking: on commit, and on a periodic sweep.

When a transaction that queued (or re-queued) a message commits, delivery is requested at once:

- embedded default (jobs in-process): a mail thread of the process is woken; it also sweeps every
  ``MAIL_SWEEP_SECONDS`` and wakes for the next retry, so a message is tried within a minute of queuing
  even if the wake-up was lost (a crash between commit and wake-up);
- production (``REDIS_URL``): a delivery job is put on the RQ queue; the job schedules the next retry with
  RQ's scheduler (run the workers with ``--with-scheduler``), and ``flask --app wsgi deliver-outbox`` (cron,
  every minute) sweeps whatever nothing else picked up.
"""
from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from wbl_match import sms
from wbl_match.extensions import db
from wbl_match.jobs import PeriodicThread
from wbl_match.mailer import MailSettings
from wbl_match.models import OutboxMessage, OutboxStatus
from wbl_match.models.base import utcnow
from wbl_match.services.outbox import delivery, sealing

log = logging.getLogger(__name__)
DELIVER_JOB = "wbl_match.outbox_jobs:deliver_job"
_QUEUED = "wbl_outbox_queued"
_DELIVERING = "wbl_outbox_delivering"
_listening = False


def mail_settings() -> MailSettings:
    return MailSettings.from_mapping(current_app.config)


def deliver_now() -> dict[str, int]:
    """Deliver what is due, in a session of its own (never the caller's)."""
    with Session(db.engine, info={_DELIVERING: True}) as session:
        return delivery.deliver_due(session, mail_settings(), sms_settings=sms_settings())


def sms_settings() -> sms.SmsSettings:
    return current_app.extensions.get("wbl_sms") or sms.SmsSettings.from_mapping(current_app.config)


def deliver_job(_session=None) -> None:
    """The RQ job: deliver what is due, then schedule itself for the next retry, if any.

    The job runner gives every job the application's session first; delivery keeps to sessions of its own
    (never a request's), so it is not used here.
    """
    deliver_now()
    with Session(db.engine) as session:
        due = delivery.next_due_at(session)
    queue = current_app.extensions["wbl_jobs"]
    if due is not None and hasattr(queue, "enqueue_in"):
        wait = max((_aware(due) - utcnow()).total_seconds(), 1.0)
        queue.enqueue_in(timedelta(seconds=wait), DELIVER_JOB)


def _aware(moment):
    from datetime import timezone

    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class MailThread(PeriodicThread):
    """The embedded default's postman: woken on commit, sweeping every ``sweep_seconds`` meanwhile, and
    sooner when a retry falls due."""

    name = "wbl-mail"

    @property
    def _sweep(self) -> float:
        return self._every

    @_sweep.setter
    def _sweep(self, seconds: float) -> None:
        self._every = seconds

    def run_once(self) -> float | None:
        deliver_now()
        with Session(db.engine) as session:
            due = delivery.next_due_at(session)
        return None if due is None else max((_aware(due) - utcnow()).total_seconds(), 0.5)


def _request_delivery() -> None:
    app = current_app._get_current_object()
    if not app.config.get("OUTBOX_AUTO_DELIVERY", True):
        return
    queue = app.extensions["wbl_jobs"]
    try:
        if queue.backend == "redis":
            queue.enqueue(DELIVER_JOB)
        elif app.config.get("JOBS_SYNCHRONOUS"):
            deliver_now()
        else:
            app.extensions["wbl_mail"].wake()
    except Exception:  # never undo or fail the change that queued the mail; the sweep picks it up
        log.exception("could not request outbox delivery; the periodic sweep will send it")


def _after_flush(session, flush_context) -> None:
    if not session.info.get(_DELIVERING) and any(isinstance(o, OutboxMessage) and o.status is OutboxStatus.PENDING
           for o in list(session.new) + list(session.dirty)):
        session.info[_QUEUED] = True


def _after_commit(session) -> None:
    if session.info.pop(_QUEUED, False) and has_app_context():
        _request_delivery()


def _after_rollback(session) -> None:
    session.info.pop(_QUEUED, None)


def init_app(app: Flask) -> None:
    global _listening
    sealing.bind_key(app.config["SECRET_KEY"])
    app.extensions["wbl_sms"] = sms.SmsSettings.from_mapping(app.config)  # a bad setting stops the start
    sms.bind(app.extensions["wbl_sms"])
    app.extensions["wbl_mail"] = MailThread(app, float(app.config.get("MAIL_SWEEP_SECONDS") or 20))
    if not _listening:
        _listening = True
        sa.event.listen(Session, "after_flush", _after_flush)
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)

    if app.config.get("OUTBOX_AUTO_DELIVERY", True) and not app.config.get("REDIS_URL") \
            and not app.config.get("JOBS_SYNCHRONOUS"):
        @app.before_request
        def _start_the_mail_thread() -> None:  # the web process sweeps; a command line run does not
            app.extensions["wbl_mail"].start()
