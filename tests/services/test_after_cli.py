"""``flask demo-after-match`` and ``flask send-reminders`` call the same services as the pages."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.models import OutboxMessage, PlacementProgress
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import seed_demo


def test_demo_after_match_needs_the_demo_and_adds_its_round_once(app, session):
    runner = app.test_cli_runner()
    missing = runner.invoke(args=["demo-after-match"])
    assert missing.exit_code == 2 and "run `flask seed-demo` first" in missing.output
    seed_demo(session, get_passwords(app), seed=3, students=80, employers=15, slots=30)
    added = runner.invoke(args=["demo-after-match"])
    assert added.exit_code == 0 and "accepted placements in 12 slots" in added.output
    again = runner.invoke(args=["demo-after-match"])
    assert again.exit_code == 2 and "already has the round" in again.output and "Traceback" not in again.output


def test_send_reminders_queues_the_days_reminders_in_the_outbox(app, session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["send-reminders", "--consortium", "nowhere"]).exit_code == 2
    seed_demo(session, get_passwords(app), seed=3, students=80, employers=15, slots=30)
    runner.invoke(args=["demo-after-match"])
    result = runner.invoke(args=["send-reminders", "--consortium", "south-valley"])
    assert result.exit_code == 0 and "checklist" in result.output, result.output
    assert session.scalar(sa.select(sa.func.count(PlacementProgress.id))) == 23
    assert session.scalar(sa.select(sa.func.count(OutboxMessage.id))) > 0
