"""Upload a small workbook that unpacks large (231 KB zipped, about 72 MB unzipped, under the 100 MB limit)
through the import page, and time the upload request and the background reading of the file.

    .venv/bin/python bench/hostile_workbook.py            # this checkout
    .venv/bin/python bench/hostile_workbook.py --write wb.xlsx   # only write the workbook

The upload goes through the real page (test client, CSRF on), on SQLite in a temporary folder. Jobs run in
the background thread of the embedded default, as in production without Redis; the script waits for the
import to leave "reading" and reports both times.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS, COLUMNS = 36_000, 100
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
    'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="roster" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>',
    "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>x</t></si></sst>',
}


def workbook() -> bytes:
    """One sheet of ROWS x COLUMNS cells holding the same shared string, written without cell references:
    a valid workbook that is tiny zipped and large unzipped (as a hostile or careless file can be)."""
    row = "<row>" + '<c t="s"><v>0</v></c>' * COLUMNS + "</row>"
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + row * (ROWS + 1) + "</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write")
    args = parser.parse_args()
    data = workbook()
    unzipped = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    if args.write:
        Path(args.write).write_bytes(data)
        print(json.dumps({"zipped_kb": round(len(data) / 1024), "unzipped_mb": round(unzipped / 1048576, 1)}))
        return
    from flask_migrate import upgrade

    from wbl_match import create_app
    from wbl_match.config import TestConfig
    from wbl_match.extensions import db
    from wbl_match.models import Consortium, ImportJob, Role, User
    from wbl_match.passwords import get_passwords

    folder = Path(tempfile.mkdtemp(prefix="wbl-hostile-bench-"))
    config = TestConfig(f"sqlite:///{folder / 'bench.sqlite3'}", folder)
    config.JOBS_SYNCHRONOUS = False  # the embedded default: a background thread
    config.WTF_CSRF_ENABLED = False
    app = create_app(config)
    with app.app_context():
        upgrade()
        consortium = Consortium(slug="bench", name="Bench")
        db.session.add(consortium)
        db.session.flush()
        db.session.add(User(consortium_id=consortium.id, email="bench@example.org", name="Bench",
                            role=Role.INTERMEDIARY, session_version=1,
                            password_hash=get_passwords(app).hash("violet tractor lantern 42")))
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "violet tractor lantern 42"})
    started = time.perf_counter()
    response = client.post("/intermediary/imports", data={"kind": "students", "file": (io.BytesIO(data), "w.xlsx")},
                           content_type="multipart/form-data")
    request_s = time.perf_counter() - started
    job_id = None
    with app.app_context():
        job_id = db.session.query(ImportJob.id).scalar()
    detail_s = None
    reading_s = None
    while True:  # the background job reads the file; the page polls
        with app.app_context():
            db.session.expire_all()
            job = db.session.get(ImportJob, job_id)
            reading = job.status.value == "uploaded" and getattr(job, "read_at", True) is None
            status, error = job.status.value, job.error
        if not reading:
            reading_s = time.perf_counter() - started
            break
        time.sleep(0.5)
    page_started = time.perf_counter()
    page = client.get(f"/intermediary/imports/{job_id}").get_data(as_text=True)
    detail_s = time.perf_counter() - page_started
    message = re.search(r'role="alert">([^<]*)<', page)
    print(json.dumps({"zipped_kb": round(len(data) / 1024), "unzipped_mb": round(unzipped / 1048576, 1),
                      "upload_status": response.status_code, "upload_request_s": round(request_s, 2),
                      "until_read_s": round(reading_s, 2), "detail_page_s": round(detail_s, 2),
                      "job_status": status, "error": error or (message.group(1) if message else None)}))


if __name__ == "__main__":
    main()
