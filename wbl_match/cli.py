"""``flask`` commands of wbl_match. Each one calls a service; bad input exits 2 with one clear line."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.passwords import get_passwords


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(2)


@click.command("seed-demo")
@click.option("--seed", default=2027, show_default=True, help="Random seed; the same seed builds the same data.")
@click.option("--students", default=1500, show_default=True, type=click.IntRange(1, 200_000))
@click.option("--employers", default=120, show_default=True, type=click.IntRange(1, 20_000))
@click.option("--slots", default=400, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when the demo consortium exists.")
@click.option("--quiet", is_flag=True, help="Do not print the demo logins (see `flask demo-logins`).")
@with_appcontext
def seed_demo_command(seed: int, students: int, employers: int, slots: int, if_empty: bool, quiet: bool) -> None:
    """Build the demo consortium from the real geography of Tulare and Kings counties."""
    from wbl_match.services.demo import DemoAlreadySeeded, seed_demo

    try:
        summary = seed_demo(db.session, get_passwords(current_app), seed=seed, students=students,
                            employers=employers, slots=slots)
    except DemoAlreadySeeded as error:
        if if_empty:
            click.echo("Demo data is already in the database; nothing to do.")
            return
        _fail(f"{error}. Use a fresh database, or pass --if-empty.")
    click.echo(f"Seeded {summary.consortium.name}: {summary.schools} schools, {summary.students} students, "
               f"{summary.employers} employers, {summary.slots} slots.")
    if not quiet:
        _print_logins(summary.logins)


@click.command("demo-logins")
@with_appcontext
def demo_logins_command() -> None:
    """Print the demo logins, if the demo consortium is in the database."""
    from wbl_match.services.demo import demo_logins

    logins = demo_logins(db.session)
    if not logins:
        click.echo("No demo consortium in this database (run `flask seed-demo`).")
        return
    _print_logins(logins)


@click.command("create-user")
@click.option("--consortium", "consortium_slug", required=True, help="Slug of the user's consortium.")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role if r is not Role.EMPLOYER]), required=True)
@click.password_option()
@with_appcontext
def create_user_command(consortium_slug: str, email: str, name: str, role: str, password: str) -> None:
    """Create a staff or student account (employers join through invitations)."""
    import sqlalchemy as sa

    from wbl_match.models import Consortium
    from wbl_match.services.accounts.users import AccountError, NewUser, check_new_password, create_user

    consortium = db.session.scalar(sa.select(Consortium).where(Consortium.slug == consortium_slug))
    if consortium is None:
        _fail(f"--consortium: no consortium with slug '{consortium_slug}'")
    try:
        check_new_password(password, password, (email, name))
        user = create_user(db.session, get_passwords(current_app), None,
                           NewUser(consortium.id, email, name, Role(role), password))
    except AccountError as error:
        _fail(f"--{error.field.replace('_', '-')}: {error.message}")
    click.echo(f"Created {user.role.value} {user.email} in {consortium.name}.")


def _print_logins(logins) -> None:
    click.echo("Demo logins (role, e-mail, password):")
    for login in logins:
        click.echo(f"  {login.role.value:<13} {login.email:<42} {login.password}")


def register_commands(app: Flask) -> None:
    for command in (seed_demo_command, demo_logins_command, create_user_command):
        app.cli.add_command(command)
    for command in (run_round_command, export_round_command, deliver_outbox_command, expire_imports_command):
        app.cli.add_command(command)
    from wbl_match.cli_after import COMMANDS as AFTER_MATCH_COMMANDS

    for command in AFTER_MATCH_COMMANDS:
        app.cli.add_command(command)


@click.command("run-round")
@click.argument("round_id", type=int)
@click.option("--rematch", is_flag=True, help="Re-match a published round (keep accepted and open offers).")
@with_appcontext
def run_round_command(round_id: int, rematch: bool) -> None:
    """Solve a match round now, in this process, through the same service as the web page and the API."""
    from flask import current_app

    from wbl_match.jobs import InProcessQueue
    from wbl_match.models import MatchRound, SolveRun
    from wbl_match.services.rounds import RoundError, start_solve

    if db.session.get(MatchRound, round_id) is None:
        _fail(f"ROUND_ID: no round with id {round_id}")
    try:
        solve_id = start_solve(db.session, None, round_id, InProcessQueue(current_app, synchronous=True),
                               rematch=rematch).id
    except RoundError as error:
        _fail(error.message)
    run = db.session.get(SolveRun, solve_id, populate_existing=True)
    if run.error:
        _fail(f"solve #{run.id} failed: {run.error}")
    seconds = run.result["stats"].get("service_seconds", {})
    click.echo(f"Solve #{run.id}: placed {run.result['objective']['placed']}, unplaced {len(run.result['unplaced'])}, "
               f"engine {run.engine_version}; " + ", ".join(f"{k} {v:.2f} s" for k, v in seconds.items()))


@click.command("export-round")
@click.argument("round_id", type=int)
@click.option("--kind", type=click.Choice(["round.xlsx", "placements.csv", "unplaced.csv", "round.json",
                                           "result.json"]), default="round.xlsx", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (default: round-ID-KIND in the current folder).")
@with_appcontext
def export_round_command(round_id: int, kind: str, output: str | None) -> None:
    """Export a round's placements and unplaced students (XLSX, CSV) or its round and result files (JSON)."""
    from wbl_match.models import MatchRound
    from wbl_match.services.rounds.exports import ExportError, export_filename, export_round

    match_round = db.session.get(MatchRound, round_id)
    if match_round is None:
        _fail(f"ROUND_ID: no round with id {round_id}")
    try:
        data = export_round(db.session, match_round, kind)
    except ExportError as error:
        _fail(str(error))
    path = output or export_filename(match_round, kind)
    with open(path, "wb") as handle:
        handle.write(data)
    click.echo(f"Wrote {path} ({len(data):,} bytes).")


@click.command("deliver-outbox")
@with_appcontext
def deliver_outbox_command() -> None:
    """Send every e-mail that is due now (the web process and the workers do this by themselves; this is
    the sweep to run from cron every minute in production)."""
    from wbl_match.outbox_jobs import deliver_now, mail_settings

    counts = deliver_now()
    click.echo(f"Outbox: {counts['sent']} sent, {counts['saved']} written to the mail folder, "
               f"{counts['retrying']} to try again, {counts['failed']} failed; messages go to "
               f"{mail_settings().where}.")


@click.command("expire-imports")
@with_appcontext
def expire_imports_command() -> None:
    """Fail imports whose worker died and delete uploaded files not started within the retention period."""
    from wbl_match.services.bulk.uploads import RETENTION, expire_imports

    done = expire_imports(db.session)
    click.echo(f"{done['stale']} stopped imports failed, {done['expired']} files not started within "
               f"{int(RETENTION.total_seconds() // 3600)} hours deleted ({done['files_deleted']} files deleted in all).")
