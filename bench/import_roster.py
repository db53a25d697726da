"""Time a 20,000-row roster import end to end (upload check, row checks, one write) and its re-import.

    .venv/bin/python bench/import_roster.py [--rows 20000] [--database sqlite:////tmp/wbl-import.sqlite3]

Builds the demo consortium's schools, writes a roster CSV in the template's columns, then runs the same
service functions the import pages call; prints one JSON line per phase.
"""
from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from wbl_match import create_app
from wbl_match.config import TestConfig
from wbl_match.extensions import db
from wbl_match.models import Consortium, Role, School, User
from wbl_match.services.bulk.columns import STUDENT_COLUMNS
from wbl_match.services.bulk.importing import choose_mapping, read_import, run_import, start_import
from wbl_match.services.demo import geography
from wbl_match.services.reference_data import ensure_reference_data
from wbl_match.services.bulk.spreadsheets import csv_bytes


def roster(schools: list[School], rows: int) -> bytes:
    rng = random.Random(2027)
    zips = geography.region_zips(("Tulare", "Kings"))
    body = []
    for n in range(rows):
        school = rng.choice(schools)
        body.append([f"{9000000000 + n}", school.cds_code, f"First{n}", "Student", "", rng.choice((10, 11, 12)),
                     "2010-05-01", rng.choice(zips).zip, "", "", "transit", "", 45,
                     "health-science-medical-technology; business-finance", "", "",
                     "Mon 15:00-18:00; Wed 15:00-18:00"])
    return csv_bytes([c.name for c in STUDENT_COLUMNS], body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="wbl-import-bench-"))
    app = create_app(TestConfig(args.database or f"sqlite:///{folder / 'bench.sqlite3'}", folder))
    with app.app_context():
        db.create_all()
        ensure_reference_data(db.session)
        consortium = Consortium(slug="bench", name="Bench")
        db.session.add(consortium)
        db.session.flush()
        schools = [School(consortium_id=consortium.id, cds_code=s.cds_code, name=s.name, lat=s.lat, lon=s.lon)
                   for s in geography.region_schools(("Tulare", "Kings"))]
        user = User(consortium_id=consortium.id, email="bench@example.org", name="Bench", role=Role.INTERMEDIARY)
        db.session.add_all([*schools, user])
        db.session.commit()
        data = roster(schools, args.rows)
        for attempt in ("first import", "re-import"):
            started = time.perf_counter()
            job = start_import(db.session, user, "students", "roster.csv", data)
            job = read_import(db.session, job.id)  # the background job reads the file once
            uploaded = time.perf_counter()
            choose_mapping(db.session, user, job, list(job.mapping))
            job = run_import(db.session, job.id)
            done = time.perf_counter()
            print(json.dumps({"run": attempt, "rows": args.rows, "bytes": len(data), "status": job.status.value,
                              "upload_s": round(uploaded - started, 2), "check_and_write_s": round(done - uploaded, 2),
                              "created": job.created_count, "updated": job.updated_count,
                              "unchanged": job.unchanged_count}))


if __name__ == "__main__":
    main()
