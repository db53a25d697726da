"""Production's job path: a solve queued on a real Redis and run by an RQ worker.

Runs when ``WBL_TEST_REDIS_URL`` names a Redis database the tests may empty (CI sets it on its PostgreSQL
run); skipped otherwise, so ``make test`` needs no services.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from wbl_match.jobs import QUEUE_NAME, RedisQueue
from wbl_match.models import MatchRound, Placement, RoundState, SolveRun, SolveStatus
from wbl_match.services.rounds import request_solve
from wbl_match.services.rounds.jobs import SOLVE_JOB
from tests.services.rounds_support import build_round

REDIS_URL = os.environ.get("WBL_TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set WBL_TEST_REDIS_URL to test the Redis job queue")


@pytest.fixture
def redis_queue(app):
    queue = RedisQueue(REDIS_URL)
    queue.connection.flushdb()
    previous = app.extensions["wbl_jobs"]
    app.extensions["wbl_jobs"] = queue
    yield queue
    app.extensions["wbl_jobs"] = previous
    queue.connection.flushdb()


def _work_off(queue: RedisQueue) -> None:
    """Run every queued job in this process, as ``rq worker --burst`` would in its own."""
    from rq import SimpleWorker

    SimpleWorker([queue.queue], connection=queue.connection).work(burst=True)


def test_health_reports_the_redis_queue_as_ok(client, redis_queue):
    body = client.get("/healthz").get_json()
    assert body["jobs"] == {"backend": "redis", "ok": True, "queued": 0}


def test_a_solve_queued_on_redis_is_run_by_an_rq_worker_and_writes_its_placements(
        app, session, consortium, make_school, make_student, make_slot, redis_queue):
    match_round, _students, _slots = build_round(session, consortium, make_school, make_student, make_slot)
    run = request_solve(session, None, match_round.id)
    redis_queue.enqueue(SOLVE_JOB, run.id)
    assert redis_queue.queue.name == QUEUE_NAME and len(redis_queue.queue) == 1
    assert session.get(SolveRun, run.id).status is SolveStatus.QUEUED

    _work_off(redis_queue)

    session.expire_all()
    assert len(redis_queue.queue) == 0
    assert session.get(SolveRun, run.id).status is SolveStatus.SUCCEEDED
    assert session.get(MatchRound, match_round.id).state is RoundState.SOLVED
    placed = session.scalar(sa.select(sa.func.count()).select_from(Placement)
                            .where(Placement.round_id == match_round.id))
    assert placed > 0


def test_a_job_that_names_no_wbl_match_function_is_refused_before_it_reaches_redis(redis_queue):
    with pytest.raises(ValueError, match="not a wbl_match job"):
        redis_queue.enqueue("os:system", "true")
    assert len(redis_queue.queue) == 0


def test_a_solve_whose_work_horse_is_killed_is_noticed_by_rqs_own_report_and_undone(
        app, session, consortium, make_school, make_student, make_slot, redis_queue, monkeypatch):
    import signal

    from rq import Worker

    from wbl_match.extensions import db
    from wbl_match.services.rounds import check_solve, running, start_solve

    match_round, _students, _slots = build_round(session, consortium, make_school, make_student, make_slot)
    round_id = match_round.id
    # In the forked work-horse, the engine's solve kills its own process, as the kernel's OOM killer would.
    monkeypatch.setattr(running, "solve", lambda _round: os.kill(os.getpid(), signal.SIGKILL))
    run = start_solve(session, None, round_id, redis_queue)
    solve_id, job_id = run.id, run.job_id
    assert job_id and session.get(MatchRound, round_id).state is RoundState.SOLVING
    db.session.remove()
    db.engine.dispose()  # the work-horse is forked: it must not share this process's connections

    Worker([redis_queue.queue], connection=redis_queue.connection).work(burst=True)

    assert "Work-horse terminated unexpectedly" in (redis_queue.job_failure(job_id) or "")
    assert check_solve(db.session, round_id, redis_queue) is None
    lost = db.session.get(SolveRun, solve_id, populate_existing=True)
    assert lost.status is SolveStatus.FAILED and "Work-horse terminated unexpectedly" in lost.error
    assert db.session.get(MatchRound, round_id, populate_existing=True).state is RoundState.CLOSED
    assert db.session.scalar(sa.select(sa.func.count(Placement.id))) == 0


def test_a_commit_that_queues_mail_puts_a_delivery_job_on_redis_that_an_rq_worker_delivers(
        app, session, consortium, redis_queue):
    from wbl_match.models import OutboxMessage, OutboxStatus
    from wbl_match.outbox_jobs import DELIVER_JOB
    from wbl_match.services.outbox.messages import queue_message

    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello")
    session.commit()
    jobs = redis_queue.queue.get_jobs()
    assert [job.args[0] for job in jobs] == [DELIVER_JOB]
    message = session.scalars(sa.select(OutboxMessage)).one()
    assert message.status is OutboxStatus.PENDING  # nothing delivered in the web process

    _work_off(redis_queue)

    session.expire_all()
    assert session.get(OutboxMessage, message.id).status is OutboxStatus.LOGGED


def test_a_delivery_job_that_leaves_a_retry_schedules_itself_for_it(app, session, consortium, redis_queue):
    from rq.registry import ScheduledJobRegistry

    from wbl_match.outbox_jobs import DELIVER_JOB
    from wbl_match.services.outbox.messages import queue_message
    from tests.mail_support import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)  # nobody listens
    queue_message(session, consortium.id, "ana@example.org", "Your offer", "Hello")
    session.commit()
    _work_off(redis_queue)
    scheduled = ScheduledJobRegistry(queue=redis_queue.queue)
    assert [redis_queue.queue.fetch_job(i).args[0] for i in scheduled.get_job_ids()] == [DELIVER_JOB]
