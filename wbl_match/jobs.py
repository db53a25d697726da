"""Background jobs: RQ on Redis when ``REDIS_URL`` is set, otherwise a worker thread in the process.

The database stays the truth of every job's outcome (e.g. a round's solve row); the queue only carries
the request to run it. Jobs are module-level functions of the services, named ``module:function``; the runner
calls them inside an application context with the database session first, then the plain arguments queued
(``solve_job(session, solve_id)``), so no job reaches for a global of the web layer.
"""
from __future__ import annotations

import importlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from flask import Flask, current_app

log = logging.getLogger(__name__)
QUEUE_NAME = "wbl_match"


def resolve(job_name: str) -> Callable[..., Any]:
    """Turn ``package.module:function`` into the function; only wbl_match's own modules are allowed."""
    module_name, _, function_name = job_name.partition(":")
    if not module_name.startswith("wbl_match.") or not function_name:
        raise ValueError(f"not a wbl_match job: {job_name!r}")
    return getattr(importlib.import_module(module_name), function_name)


def run_job(job_name: str, *args: Any) -> Any:
    """Run a job in the current application context, giving it the application's session (the context's
    teardown removes it)."""
    from wbl_match.extensions import db

    return resolve(job_name)(db.session, *args)


def execute(job_name: str, *args: Any) -> Any:
    """Run a job inside an application context (the entry point RQ workers call)."""
    from flask import has_app_context

    if has_app_context():
        return run_job(job_name, *args)
    from wbl_match import create_app

    with create_app().app_context():
        return run_job(job_name, *args)


class PeriodicThread:
    """One daemon thread of the process that runs ``run_once`` in the application's context, then waits
    ``every`` seconds (less when ``run_once`` asks for less), or until ``wake``; a failure (the database or a
    server is down) is logged and tried again on the next round. The embedded default's postman and its
    reminders' scheduler are two of these."""

    name = "wbl-periodic"

    def __init__(self, app: Flask, every: float) -> None:
        self._app, self._every = app, every
        self._wake = threading.Event()
        self._stopping = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def run_once(self) -> float | None:
        """One round's work; may return how soon the next round is wanted (seconds)."""
        raise NotImplementedError

    def wake(self) -> None:
        self.start()
        self._wake.set()

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Finish the current round and end the thread (the process ending ends it too)."""
        self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while not self._stopping:
            wait = self._every
            try:
                with self._app.app_context():
                    sooner = self.run_once()
                if sooner is not None:
                    wait = min(wait, sooner)
            except Exception:
                log.exception("%s failed; trying again in %s s", self.name, wait)
            if not self._stopping:
                self._wake.wait(timeout=wait)
                self._wake.clear()


class InProcessQueue:
    """Runs jobs one at a time on a worker thread of this process (the embedded default)."""

    backend = "in-process"

    def __init__(self, app: Flask, synchronous: bool = False) -> None:
        self._app = app
        self._synchronous = synchronous
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wbl-job")

    def enqueue(self, job_name: str, *args: Any) -> None:
        resolve(job_name)  # fail now, in the caller, if the name is wrong
        if self._synchronous:
            self._run(job_name, *args)
        else:
            self._executor.submit(self._run, job_name, *args)

    def _run(self, job_name: str, *args: Any) -> None:
        with self._app.app_context():
            try:
                run_job(job_name, *args)
            except Exception:  # the job records its own failure; this keeps the worker alive
                log.exception("job %s failed", job_name)

    def job_failure(self, job_id: str) -> str | None:
        """Jobs of this process have no id of their own: a dead one is told by its missing heartbeat."""
        return None

    def status(self) -> dict[str, Any]:
        return {"backend": self.backend, "ok": True}


class RedisQueue:
    """Hands jobs to RQ workers through Redis (production)."""

    backend = "redis"

    def __init__(self, redis_url: str) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, job_name: str, *args: Any, job_id: str | None = None) -> str:
        resolve(job_name)
        return self.queue.enqueue(execute, job_name, *args, job_timeout=3600, job_id=job_id).id

    def job_failure(self, job_id: str) -> str | None:
        """RQ's own record of a failed or stopped job (a killed work-horse is one), else None."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        try:
            job = Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return None
        status = job.get_status(refresh=True)
        if status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
            info = (job.latest_result().exc_string if job.latest_result() else "") or ""
            last = [line for line in info.strip().splitlines() if line.strip()]
            return f"{status.value}: {last[-1].strip()}" if last else str(status.value)
        return None

    def enqueue_in(self, delay, job_name: str, *args: Any, job_id: str | None = None) -> None:
        """Run the job after ``delay`` (a timedelta); needs a worker started with ``--with-scheduler``."""
        resolve(job_name)
        self.queue.enqueue_in(delay, execute, job_name, *args, job_timeout=600, job_id=job_id)

    def status(self) -> dict[str, Any]:
        try:
            self.connection.ping()
            return {"backend": self.backend, "ok": True, "queued": len(self.queue)}
        except Exception as error:  # any connection failure means the queue is down
            return {"backend": self.backend, "ok": False, "error": type(error).__name__}


def init_app(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        app.extensions["wbl_jobs"] = RedisQueue(app.config["REDIS_URL"])
    else:
        app.extensions["wbl_jobs"] = InProcessQueue(app, synchronous=app.config.get("JOBS_SYNCHRONOUS", False))


def get_queue() -> InProcessQueue | RedisQueue:
    return current_app.extensions["wbl_jobs"]
