"""An upload is read once, by the background job, never in the request; the preview shows the rows kept; limits
on cells and time as well as bytes; imports whose worker died are failed; files are deleted when an import
ends or when it is not started within the retention period."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import csrf_token_from
from tests.web.test_imports import _upload
from wbl_match.models import ImportJob, ImportStatus, Role
from wbl_match.models.base import utcnow
from wbl_match.services.bulk import uploads
from wbl_match.services.bulk.exporting import template
from wbl_match.services.bulk.jobs import READ_JOB
from wbl_match.services.bulk.readers import FileProblem, read_table
from wbl_match.services.bulk.uploads import RETENTION, STALE_AFTER, expire_imports, read_import

ROSTER = b"Student ID,School,First name,Last name,Grade,Home ZIP\nS1,X,Ana,Ruiz,11,93291\nS2,X,Ben,Ortiz,10,93291\n"


class RecordingQueue:
    """Stands in for the job queue: keeps what was queued, runs nothing."""

    def __init__(self):
        self.jobs = []

    def enqueue(self, name, *args):
        self.jobs.append((name, *args))


@pytest.fixture
def queue(app, monkeypatch):
    recording = RecordingQueue()
    monkeypatch.setitem(app.extensions, "wbl_jobs", recording)
    return recording


def _never_read(*args, **kwargs):
    raise AssertionError("the file was parsed in the web request")


def test_the_upload_request_only_keeps_the_file_and_queues_its_reading(client, signed_in, session, queue,
                                                                       monkeypatch):
    signed_in(Role.INTERMEDIARY)
    monkeypatch.setattr(uploads, "read_table", _never_read)
    response = _upload(client, "students", template("students", "xlsx"), filename="roster.xlsx")
    assert response.status_code == 302
    job = session.query(ImportJob).one()
    assert queue.jobs == [(READ_JOB, job.id)]
    assert (job.status, job.read_at, job.file_format, job.total_rows) == (ImportStatus.UPLOADED, None, "xlsx", 0)
    page = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    assert "Reading the file" in page and "Match the columns" not in page


def test_the_preview_shows_the_rows_the_job_kept_without_reading_the_file_again(client, signed_in, session, queue,
                                                                                monkeypatch):
    signed_in(Role.INTERMEDIARY)
    _upload(client, "students", ROSTER)
    job = session.query(ImportJob).one()
    read_import(session, job.id)
    assert (job.total_rows, job.rows, job.preview[0][2]) == (2, job.rows, "Ana")
    monkeypatch.setattr(uploads, "read_table", _never_read)
    for _ in range(3):
        page = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
        assert "Match the columns" in page and "Ana" in page and "Ben" in page


def test_the_progress_of_a_read_file_sends_the_page_to_the_mapping(client, signed_in, session, queue):
    signed_in(Role.INTERMEDIARY)
    _upload(client, "students", ROSTER)
    job = session.query(ImportJob).one()
    assert "Reading the file" in client.get(f"/intermediary/imports/{job.id}/progress").get_data(as_text=True)
    read_import(session, job.id)
    response = client.get(f"/intermediary/imports/{job.id}/progress")
    assert response.headers["HX-Redirect"] == f"/intermediary/imports/{job.id}"


def test_a_file_the_job_cannot_read_fails_the_import_with_the_readers_message_and_is_deleted(
        client, signed_in, session, queue):
    signed_in(Role.INTERMEDIARY)
    _upload(client, "students", b"Student ID,School\n")
    job = session.query(ImportJob).one()
    read_import(session, job.id)
    session.expire_all()
    assert job.status is ImportStatus.FAILED and job.content is None
    page = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    assert "The file has a header row but no data rows." in page


def test_a_file_is_refused_past_the_limit_on_cells():
    with pytest.raises(FileProblem, match="more than 10 cells"):
        read_table(b"a,b,c\n" + b"1,2,3\n" * 4, max_cells=10)


def test_a_file_is_refused_when_reading_it_takes_longer_than_the_limit():
    with pytest.raises(FileProblem, match="took more than 0 seconds"):
        read_table(b"a,b\n" + b"1,2\n" * 1000, max_seconds=0)


def test_the_job_reports_progress_while_reading_a_long_file():
    beats = []
    read_table(b"a,b\n" + b"1,2\n" * 12_000, beat=beats.append)
    assert beats == [5000, 10000]


@pytest.fixture
def make_job(session, make_user):
    staff = make_user(Role.INTERMEDIARY)

    def make(status=ImportStatus.UPLOADED, read=True, age=timedelta(0), beat_age=None) -> ImportJob:
        now = utcnow()
        job = ImportJob(consortium_id=staff.consortium_id, kind="students", filename="r.csv", file_format="csv",
                        content=ROSTER, rows=[["S1"]], headers=["Student ID"], mapping=["student_id"], status=status,
                        read_at=now - age if read else None, created_at=now - age,
                        heartbeat_at=now - (beat_age if beat_age is not None else age), created_by_id=staff.id)
        session.add(job)
        session.commit()
        return job

    return make


def _reloaded(session, job):
    session.expire_all()
    return session.get(ImportJob, job.id)


def test_an_import_whose_worker_died_is_noticed_failed_and_its_file_deleted(session, make_job):
    killed = make_job(ImportStatus.RUNNING, beat_age=STALE_AFTER + timedelta(minutes=1))
    alive = make_job(ImportStatus.RUNNING, beat_age=timedelta(minutes=1))
    reading = make_job(read=False, beat_age=STALE_AFTER + timedelta(minutes=1))
    assert expire_imports(session)["stale"] == 2
    killed, alive, reading = (_reloaded(session, job) for job in (killed, alive, reading))
    assert killed.status is ImportStatus.FAILED and killed.content is None and killed.rows is None
    assert "stopped before it finished" in killed.error
    assert reading.status is ImportStatus.FAILED
    assert alive.status is ImportStatus.RUNNING and alive.content is not None


def test_a_queued_import_no_worker_takes_within_an_hour_is_failed(session, make_job):
    lost = make_job(ImportStatus.QUEUED, beat_age=timedelta(hours=2))
    waiting = make_job(ImportStatus.QUEUED, beat_age=timedelta(minutes=20))
    expire_imports(session)
    assert _reloaded(session, lost).status is ImportStatus.FAILED
    assert _reloaded(session, waiting).status is ImportStatus.QUEUED


def test_an_upload_not_started_within_the_retention_period_is_deleted(session, make_job):
    old = make_job(age=RETENTION + timedelta(minutes=5), beat_age=timedelta(0))
    recent = make_job(age=timedelta(hours=1), beat_age=timedelta(0))
    assert expire_imports(session)["expired"] == 1
    old, recent = _reloaded(session, old), _reloaded(session, recent)
    assert old.status is ImportStatus.FAILED and old.content is None and "within 24 hours" in old.error
    assert recent.status is ImportStatus.UPLOADED and recent.content is not None


def test_a_finished_import_keeps_no_file(session, make_job):
    done = make_job(ImportStatus.SUCCEEDED)
    assert expire_imports(session)["files_deleted"] == 1
    done = _reloaded(session, done)
    assert done.content is None and done.rows is None


def test_the_import_page_expires_old_uploads(client, signed_in, session, make_job):
    signed_in(Role.INTERMEDIARY)
    old = make_job(age=RETENTION + timedelta(minutes=5), beat_age=timedelta(0))
    assert client.get("/intermediary/imports").status_code == 200
    assert _reloaded(session, old).status is ImportStatus.FAILED


def test_the_expire_imports_command_reports_what_it_deleted(app, session, make_job):
    make_job(age=RETENTION + timedelta(minutes=5), beat_age=timedelta(0))
    make_job(ImportStatus.RUNNING, beat_age=STALE_AFTER + timedelta(minutes=1))
    result = app.test_cli_runner().invoke(args=["expire-imports"])
    assert result.exit_code == 0, result.output
    assert "1 stopped imports failed, 1 files not started within 24 hours deleted" in result.output


def test_mapping_a_file_still_being_read_is_refused(client, signed_in, session, queue):
    signed_in(Role.INTERMEDIARY)
    _upload(client, "students", ROSTER)
    job = session.query(ImportJob).one()
    page = client.get("/intermediary/imports").get_data(as_text=True)
    response = client.post(f"/intermediary/imports/{job.id}/start", data={"csrf_token": csrf_token_from(page),
                                                                          "column-0": "student_id"})
    assert response.status_code == 422
    assert queue.jobs == [(READ_JOB, job.id)]
