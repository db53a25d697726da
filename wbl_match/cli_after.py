"""``flask`` commands for after the match: add the demo's accepted placements; send the day's reminders."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from wbl_match.extensions import db


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
    from wbl_match.models.base import utcnow
    from wbl_match.services.placements.reminders import send_reminders

    consortium = db.session.scalar(sa.select(Consortium).where(Consortium.slug == slug))
    if consortium is None:
        click.echo(f"error: no consortium '{slug}'", err=True)
        raise SystemExit(2)
    counts = send_reminders(db.session, None, consortium.id, utcnow().date(),
                            lambda token: f"{base_url.rstrip('/')}/hours-approval/{token}")
    click.echo(f"Queued {counts['readiness']} checklist, {counts['hours']} hours and {counts['evaluations']} "
               "evaluation reminders.")


COMMANDS = (demo_after_match_command, send_reminders_command)
