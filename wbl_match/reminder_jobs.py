"""Running the scheduled reminders (``services.reminders.due``) without anyone asking.

- embedded default (jobs in-process): a reminder thread of the web process ticks every
  ``REMINDER_TICK_SECONDS`` (default 300) and sends what is due;
- production (``REDIS_URL``): ``reminders_job`` runs on an RQ worker and schedules its own next run with
  RQ's scheduler (run the workers with ``--with-scheduler``); the first web request of a process starts
  the chain if none is scheduled, and ``flask --app wsgi send-due-reminders`` (cron, e.g. every 15 minutes)
  sends what is due and restarts the chain if it died. A Redis key holds the id of the chain's run that
  is queued or scheduled, and keeps the chain single: that run clears it and schedules the next; any other
  run of the job (a second process started one) sends what is due and ends.

Whatever runs it, each reminder goes once: the service claims it by a unique key in the database.
"""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy.orm import Session

from wbl_match.extensions import db
from wbl_match.jobs import PeriodicThread
from wbl_match.models.base import utcnow
from wbl_match.services.reminders.due import parse_hours, send_due_reminders

log = logging.getLogger(__name__)
REMINDERS_JOB = "wbl_match.reminder_jobs:reminders_job"
#: Set while a run of the chain is queued or scheduled (it lapses by itself if the chain died).
CHAIN_KEY = "wbl_match:reminders:next"


def tick_seconds(app: Flask | None = None) -> float:
    return float((app or current_app).config.get("REMINDER_TICK_SECONDS") or 300)


def send_now() -> dict[str, int]:
    """Send the reminders due now, in a session of its own."""
    with Session(db.engine) as session:
        counts = send_due_reminders(session, utcnow(), base_url=current_app.config.get("BASE_URL")
                                    or "http://127.0.0.1:8000",
                                    hours=parse_hours(current_app.config.get("REMINDER_HOURS")))
    if any(counts.values()):
        log.info("reminders sent: %s", counts)
    return counts


def _claim_chain(queue, every: float) -> str | None:
    """A new run's id, once the key names it (None when another run is queued or scheduled)."""
    job_id = f"wbl-reminders-{uuid.uuid4().hex}"
    return job_id if queue.connection.set(CHAIN_KEY, job_id, nx=True, ex=int(every * 2) + 60) else None


def schedule_next(queue, every: float) -> bool:
    """Schedule the chain's next run, unless a run is already queued or scheduled; True when this call did."""
    job_id = _claim_chain(queue, every) if hasattr(queue, "enqueue_in") else None
    if job_id is None:
        return False
    queue.enqueue_in(timedelta(seconds=every), REMINDERS_JOB, job_id=job_id)
    return True


def _is_the_chains_run(queue) -> bool:
    """True when this job is the run the key names (and clears it), or the chain has no run at all."""
    from rq import get_current_job

    job = get_current_job()
    named = queue.connection.get(CHAIN_KEY)
    if named is None:
        return True
    if job is not None and named.decode() == job.id:
        queue.connection.delete(CHAIN_KEY)
        return True
    return False


def reminders_job(_session=None) -> dict[str, int]:
    """The RQ job: send what is due, then, as the chain's run, schedule the next."""
    queue = current_app.extensions["wbl_jobs"]
    chains = queue.backend == "redis" and _is_the_chains_run(queue)
    try:
        return send_now()
    finally:
        if chains:
            schedule_next(queue, tick_seconds())


def start_chain() -> bool:
    """Make sure a run of the chain is scheduled (at once); True when this call started it."""
    queue = current_app.extensions["wbl_jobs"]
    if queue.backend != "redis":
        return False
    job_id = _claim_chain(queue, tick_seconds())
    if job_id is None:
        return False
    queue.enqueue(REMINDERS_JOB, job_id=job_id)
    return True


class ReminderThread(PeriodicThread):
    """The embedded default's scheduler: sends what is due every ``every`` seconds."""

    name = "wbl-reminders"

    def tick(self) -> dict[str, int]:
        """One run: send what is due now."""
        with self._app.app_context():
            return send_now()

    def run_once(self) -> None:
        send_now()


def init_app(app: Flask) -> None:
    parse_hours(app.config.get("REMINDER_HOURS"))  # a bad setting stops the start, not a tick
    app.extensions["wbl_reminders"] = ReminderThread(app, tick_seconds(app))
    if not app.config.get("REMINDERS_AUTO", True) or app.config.get("JOBS_SYNCHRONOUS"):
        return
    started = {"done": False}

    @app.before_request
    def _start_the_reminders() -> None:  # the web process schedules; a command line run does not
        if started["done"]:
            return
        started["done"] = True
        try:
            if app.config.get("REDIS_URL"):
                start_chain()
            else:
                app.extensions["wbl_reminders"].start()
        except Exception:  # Redis is down: cron's send-due-reminders restarts the chain
            log.exception("could not start the reminders' schedule")
