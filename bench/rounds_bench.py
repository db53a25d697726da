"""Benchmark: a round from the button to placements written, on PostgreSQL, with each phase timed.

Not a test. For each size it builds the demo consortium in a fresh database, closes its open spring
round and runs the same service the "Solve" button runs (``request_solve`` then ``run_round``), then
reports the phases that ``run_round`` records on the solve (load rows, build round file, solve, validate,
write) and the whole time from the request to the commit of the placements.

    .venv/bin/python bench/rounds_bench.py --database postgresql://postgres@127.0.0.1:5432/postgres \
        --size 1500:120:400 --size 10000:600:2700

Results are recorded in bench/ROUNDS.md.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from wbl_match import create_app
from wbl_match.config import TestConfig, normalise_database_url
from wbl_match.extensions import db
from wbl_match.models import MatchRound, Placement, RoundState
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import SPRING_ROUND, seed_demo
from wbl_match.services.rounds import change_state, request_solve, run_round

BENCH_DB = "wbl_bench_rounds"


def fresh_database(server_url: str) -> str:
    url = make_url(normalise_database_url(server_url))
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{BENCH_DB}"'))
    admin.dispose()
    return url.set(database=BENCH_DB).render_as_string(hide_password=False)


def run_size(server_url: str, students: int, employers: int, slots: int) -> dict:
    database = fresh_database(server_url)
    app = create_app(TestConfig(database, Path(tempfile.mkdtemp())))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        started = time.perf_counter()
        seed_demo(db.session, get_passwords(app), seed=2027, students=students, employers=employers, slots=slots)
        seeded = time.perf_counter() - started
        match_round = db.session.scalars(sa.select(MatchRound).where(MatchRound.name == SPRING_ROUND)).one()
        change_state(db.session, None, match_round.id, RoundState.CLOSED)
        db.session.expire_all()
        button = time.perf_counter()
        solve_id = request_solve(db.session, None, match_round.id).id
        requested = time.perf_counter() - button
        run = run_round(db.session, solve_id)
        total = time.perf_counter() - button
        assert run.error is None, run.error
        written = db.session.scalar(sa.select(sa.func.count(Placement.id)))
        figures = {"students_in_file": len(run.round_file["students"]), "slots_in_file": len(run.round_file["slots"]),
                   "feasible_pairs": run.result["stats"]["feasible_pairs"], "placed": written,
                   "seed_s": seeded, "total_s": total, "request_s": requested,
                   "engine": run.result["stats"]["seconds"], **run.result["stats"]["service_seconds"]}
        phases = sum(run.result["stats"]["service_seconds"].values())
        # What is left: the run's state commits, and storing the round and result files as JSON.
        figures["store_s"] = total - requested - phases
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a server URL whose user may create databases")
    parser.add_argument("--size", action="append", default=[],
                        help="STUDENTS:EMPLOYERS:SLOTS (repeatable); default the demo and 10,000 students")
    args = parser.parse_args()
    sizes = args.size or ["1500:120:400", "10000:600:2700"]
    print("| students | slots | feasible pairs | placed | request | load | build | solve | validate | write "
          "| store files | button → written |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        students, employers, slots = (int(x) for x in size.split(":"))
        f = run_size(args.database, students, employers, slots)
        print(f"| {students:,} | {f['slots_in_file']:,} | {f['feasible_pairs']:,} | {f['placed']:,} "
              f"| {f['request_s']:.2f} s | {f['load']:.2f} s | {f['build']:.2f} s | {f['solve']:.2f} s "
              f"| {f['validate']:.2f} s | {f['write']:.2f} s | {f['store_s']:.2f} s | **{f['total_s']:.2f} s** |",
              flush=True)
        print(f"  engine inside solve: {f['engine']}", flush=True)


if __name__ == "__main__":
    main()
