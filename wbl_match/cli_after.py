"""``flask`` commands for after the match: add the demo's accepted placements; send the day's reminders."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from wbl_match.extensions import db
from wbl_match.localisation import local_today


@click.command("demo-after-match")
@with_appcontext
def demo_after_match_command() -> None:
    """Add accepted placements of a published round to the demo, to take through to completion."""
    from wbl_match.services.demo.after_match import add_after_match_demo
    from wbl_match.services.errors import Refused

    try:
        match_round = add_after_match_demo(db.session)
    except Refused as refusal:
        click.echo(f"error: {refusal.message}", err=True)
        raise SystemExit(2) from None
    click.echo(f"Added '{match_round.name}' (round {match_round.id}): accepted placements in "
               f"{len(match_round.slots)} slots. Sign in as the coordinator and open Placements.")


@click.command("send-reminders")
@click.option("--consortium", "slug", required=True, help="Slug of the consortium.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True,
              help="The service's address, for the links in the messages.")
@with_appcontext
def send_reminders_command(slug: str, base_url: str) -> None:
    """Queue today's reminders (checklists, hours to approve, evaluations due) in the outbox; run it daily."""
    import sqlalchemy as sa

    from wbl_match.models import Consortium
    from wbl_match.services.placements.reminders import send_reminders

    consortium = db.session.scalar(sa.select(Consortium).where(Consortium.slug == slug))
    if consortium is None:
        click.echo(f"error: no consortium '{slug}'", err=True)
        raise SystemExit(2)
    counts = send_reminders(db.session, None, consortium.id, local_today(),
                            lambda token: f"{base_url.rstrip('/')}/hours-approval/{token}")
    click.echo(f"Queued {counts['readiness']} checklist, {counts['hours']} hours and {counts['evaluations']} "
               "evaluation reminders.")


@click.command("send-due-reminders")
@with_appcontext
def send_due_reminders_command() -> None:
    """Send every reminder due now (ranking closing, offers expiring, the day's after-match reminders), each
    once; with REDIS_URL, also restart the workers' schedule if it stopped. Run it from cron (e.g. every
    15 minutes); the web process and the workers do it by themselves too."""
    from wbl_match.reminder_jobs import send_now, start_chain

    counts = send_now()
    restarted = False
    try:
        restarted = start_chain()
    except Exception as error:  # Redis is down: the reminders above went all the same
        click.echo(f"warning: could not reach the job queue to schedule the next run ({type(error).__name__})",
                   err=True)
    click.echo(f"Reminders: {counts['ranking']} before ranking closes, {counts['offers']} before offers expire, "
               f"{counts['after_match']} consortia's after-match reminders; {counts['emails']} e-mails and "
               f"{counts['texts']} texts queued." + (" The workers' schedule was restarted." if restarted else ""))


COMMANDS = (demo_after_match_command, send_reminders_command, send_due_reminders_command)
