"""The reminders are sent by the jobs backend, on a schedule: in-process by the reminder thread's tick; in
production by a self-rescheduling RQ job on a real Redis (``WBL_TEST_REDIS_URL``); and by
``flask send-due-reminders`` from cron. Whichever runs, each reminder goes once."""
from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from wbl_match import create_app, reminder_jobs
from wbl_match.config import TestConfig
from wbl_match.extensions import db
from wbl_match.models import OutboxMessage, ReminderSent, RoundState
from wbl_match.models.base import utcnow
from tests.services.rounds_support import build_round

REDIS_URL = os.environ.get("WBL_TEST_REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="set WBL_TEST_REDIS_URL to test the Redis job queue")


@pytest.fixture
def closing_round(app, session, consortium, make_school, make_student, make_slot):
    """An open round whose ranking closes in two and a half days; its three students ranked nothing."""
    app.config.update(OUTBOX_AUTO_DELIVERY=False, REMINDER_HOURS="0-24")
    match_round, students, _ = build_round(session, consortium, make_school, make_student, make_slot, students=3,
                                           state=RoundState.OPEN,
                                           ranking_closes_at=utcnow() + timedelta(days=2, hours=12))
    return match_round, students


def _reminders(session) -> list[OutboxMessage]:
    session.expire_all()
    return session.scalars(sa.select(OutboxMessage).where(OutboxMessage.subject.like("Reminder:%"))).all()


def test_the_in_process_tick_sends_what_is_due_and_the_next_tick_nothing_more(app, session, closing_round):
    ticker = reminder_jobs.ReminderThread(app, 3600)
    assert ticker.tick()["ranking"] == 3
    assert ticker.tick()["ranking"] == 0
    assert len(_reminders(session)) == 3


def test_the_reminder_thread_ticks_by_itself(app, session, closing_round):
    ticker = reminder_jobs.ReminderThread(app, 0.2)
    ticker.start()
    try:
        deadline = time.monotonic() + 15
        while len(_reminders(session)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a few more ticks: still three
    finally:
        ticker.stop()
    assert len(_reminders(session)) == 3


def test_the_web_process_starts_its_reminder_thread_on_its_first_request(database_url, tmp_path):
    config = TestConfig(database_url, tmp_path / "instance")
    config.JOBS_SYNCHRONOUS, config.OUTBOX_AUTO_DELIVERY, config.REMINDER_TICK_SECONDS = False, False, 3600
    application = create_app(config)
    thread = application.extensions["wbl_reminders"]
    try:
        assert thread._thread is None
        application.test_client().get("/healthz")
        assert thread._thread is not None and thread._thread.is_alive()
    finally:
        thread.stop()
        with application.app_context():
            db.engine.dispose()


def test_a_bad_reminder_hours_setting_stops_the_start(database_url, tmp_path):
    config = TestConfig(database_url, tmp_path / "instance")
    config.REMINDER_HOURS = "21-8"
    with pytest.raises(ValueError, match="reminder hours"):
        create_app(config)


def test_the_cron_command_sends_what_is_due_once(app, session, closing_round):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-due-reminders"])
    assert first.exit_code == 0 and "3 before ranking closes" in first.output and "3 e-mails" in first.output
    again = runner.invoke(args=["send-due-reminders"])
    assert again.exit_code == 0 and "0 before ranking closes" in again.output
    assert len(_reminders(session)) == 3


@pytest.fixture
def redis_queue(app):
    from wbl_match.jobs import RedisQueue

    queue = RedisQueue(REDIS_URL)
    queue.connection.flushdb()
    previous = app.extensions["wbl_jobs"]
    app.extensions["wbl_jobs"] = queue
    yield queue
    app.extensions["wbl_jobs"] = previous
    queue.connection.flushdb()


def _work_off(queue) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)


def _scheduled(queue) -> list[str]:
    from rq.registry import ScheduledJobRegistry

    registry = ScheduledJobRegistry(queue=queue.queue)
    return [queue.queue.fetch_job(i).args[0] for i in registry.get_job_ids()]


@needs_redis
def test_on_redis_the_reminders_job_sends_what_is_due_and_schedules_its_next_run(
        app, session, closing_round, redis_queue):
    assert reminder_jobs.start_chain() is True
    assert len(redis_queue.queue) == 1

    _work_off(redis_queue)

    assert len(_reminders(session)) == 3
    assert session.scalar(sa.select(sa.func.count()).select_from(ReminderSent)
                          .where(ReminderSent.key.like("ranking:%"))) == 3
    assert _scheduled(redis_queue) == [reminder_jobs.REMINDERS_JOB]
    assert redis_queue.connection.exists(reminder_jobs.CHAIN_KEY)


@needs_redis
def test_on_redis_a_second_chain_ends_itself_and_sends_nothing_twice(app, session, closing_round, redis_queue):
    reminder_jobs.start_chain()
    _work_off(redis_queue)
    assert reminder_jobs.start_chain() is False  # the next run is scheduled already
    redis_queue.enqueue(reminder_jobs.REMINDERS_JOB)  # e.g. a second process started one anyway
    _work_off(redis_queue)
    assert _scheduled(redis_queue) == [reminder_jobs.REMINDERS_JOB]
    assert len(_reminders(session)) == 3


@needs_redis
def test_on_redis_a_chain_that_died_is_started_again_by_the_cron_command(app, session, closing_round, redis_queue):
    from rq.registry import ScheduledJobRegistry

    reminder_jobs.start_chain()
    _work_off(redis_queue)
    for job_id in ScheduledJobRegistry(queue=redis_queue.queue).get_job_ids():  # the chain is lost...
        redis_queue.queue.fetch_job(job_id).delete()
    redis_queue.connection.delete(reminder_jobs.CHAIN_KEY)  # ...and its key has lapsed
    result = app.test_cli_runner().invoke(args=["send-due-reminders"])
    assert result.exit_code == 0 and "schedule was restarted" in result.output
    assert len(redis_queue.queue) == 1
    assert redis_queue.connection.ttl(reminder_jobs.CHAIN_KEY) > 0
