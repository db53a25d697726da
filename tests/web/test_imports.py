"""The import pages: upload, preview with column mapping, progress, every problem listed, exports."""
from __future__ import annotations

import io

from tests.conftest import csrf_token_from
from wbl_match.models import ImportJob, ImportStatus, Role, StudentProfile


def _upload(client, kind, data: bytes, filename="roster.csv"):
    page = client.get("/intermediary/imports").get_data(as_text=True)
    return client.post("/intermediary/imports", data={"csrf_token": csrf_token_from(page), "kind": kind,
                                                      "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def test_an_upload_leads_to_a_preview_where_the_remaining_columns_are_mapped(client, signed_in, make_school,
                                                                               session):
    signed_in(Role.INTERMEDIARY)
    school = make_school()
    data = f"SSID,School,Given,Surname,Grade,ZIP,Notes\nS1,{school.cds_code},Ana,Ruiz,11,93291,x\n".encode()
    response = _upload(client, "students", data)
    assert response.status_code == 302
    job = session.query(ImportJob).one()
    preview = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    assert "Match the columns" in preview and "Ana" in preview
    assert session.query(StudentProfile).count() == 0  # nothing written before the import is started
    start = client.post(f"/intermediary/imports/{job.id}/start", data={
        "csrf_token": csrf_token_from(preview), "column-0": "student_id", "column-1": "school",
        "column-2": "first_name", "column-3": "last_name", "column-4": "grade", "column-5": "home_zip",
        "column-6": ""})
    assert start.status_code == 302
    done = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    assert "1 created, 0 updated" in done
    assert session.query(StudentProfile).one().first_name == "Ana"


def test_an_incomplete_mapping_is_refused_with_a_message(client, signed_in, make_school, session):
    signed_in(Role.INTERMEDIARY)
    _upload(client, "students", b"Student ID,Other\nS1,x\n")
    job = session.query(ImportJob).one()
    page = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    response = client.post(f"/intermediary/imports/{job.id}/start",
                           data={"csrf_token": csrf_token_from(page), "column-0": "student_id"})
    assert response.status_code == 422
    assert "required" in response.get_data(as_text=True)
    session.refresh(job)
    assert job.status is ImportStatus.UPLOADED


def test_a_file_that_is_not_a_spreadsheet_is_refused_beside_the_field(client, signed_in, session):
    signed_in(Role.INTERMEDIARY)
    response = _upload(client, "students", b"%PDF-1.4\x00\x00\x01", filename="roster.csv")
    assert response.status_code == 422
    assert "not a CSV or XLSX" in response.get_data(as_text=True)
    assert session.query(ImportJob).count() == 0


def test_problems_are_listed_with_row_and_column(client, signed_in, make_school, session):
    signed_in(Role.INTERMEDIARY)
    school = make_school()
    _upload(client, "students", f"Student ID,School,First name,Last name,Grade,Home ZIP\n"
                                f"S1,{school.cds_code},Ana,Ruiz,14,93291\n".encode())
    job = session.query(ImportJob).one()
    page = client.get(f"/intermediary/imports/{job.id}").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page)}
    data.update({f"column-{i}": name for i, name in enumerate(job.mapping)})
    client.post(f"/intermediary/imports/{job.id}/start", data=data)
    result = client.get(f"/intermediary/imports/{job.id}/progress").get_data(as_text=True)
    assert "Nothing was saved" in result and "Grade must be from 9 to 12" in result
    assert session.query(StudentProfile).count() == 0


def test_templates_and_exports_download_as_csv_and_xlsx(client, signed_in, make_student):
    signed_in(Role.INTERMEDIARY)
    make_student()
    template = client.get("/intermediary/imports/template?kind=slots&format=xlsx")
    assert template.status_code == 200 and template.data.startswith(b"PK")
    export = client.get("/intermediary/imports/export?kind=students&format=csv")
    assert export.status_code == 200
    assert export.get_data(as_text=True).lstrip("\ufeff").startswith("student_id,school,first_name")
