"""E-mails and letters in the consortium's time zone (``WBL_TIME_ZONE``) and the reader's language: the link line
under an e-mail in the reader's language, and the product named WBL Match."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from wbl_match import create_app, localisation
from wbl_match.config import TestConfig
from wbl_match.extensions import db
from wbl_match.models import OutboxMessage
from wbl_match.services.outbox import delivery, family_mail
from wbl_match.services.outbox.messages import queue_text
from wbl_match.services.outbox.templates import render
from wbl_match.services.rounds import publish_round, request_solve, run_round
from wbl_match.outbox_jobs import mail_settings
from tests.mail_support import delivered_text
from tests.services.rounds_support import build_round

#: 04:30 UTC on 2 June: still 1 June in California, already 2 June in New York.
LATE = datetime(2027, 6, 2, 4, 30, tzinfo=timezone.utc)


@pytest.fixture
def new_york(database_url, tmp_path):
    """The application of a consortium on Eastern time."""
    config = TestConfig(database_url, tmp_path / "instance")
    config.TIME_ZONE = "America/New_York"
    application = create_app(config)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
    localisation.use_time_zone(localisation.DEFAULT_TIME_ZONE)


def test_the_time_zone_setting_is_the_one_e_mails_use(new_york):
    assert localisation.consortium_zone() == "America/New_York"
    assert family_mail.local_day(LATE, "en") == "June 2, 2027"
    assert family_mail.local_moment(LATE, "es").replace("\u202f", " ") == "2 de junio de 2027, 12:30 a.m. EDT"


def test_by_default_e_mails_use_californias_time(app):
    assert localisation.consortium_zone() == "America/Los_Angeles"
    assert family_mail.local_day(LATE, "en") == "June 1, 2027"


def test_an_offer_and_the_employers_notice_show_the_consortiums_day(app, session, consortium, make_school,
                                                                    make_student, make_slot):
    localisation.use_time_zone("America/New_York")
    try:
        match_round, students, _ = build_round(session, consortium, make_school, make_student, make_slot,
                                               students=1, slots=1, offers_expire_at=LATE)
        run_round(session, request_solve(session, None, match_round.id).id)
        publish_round(session, None, match_round.id)
    finally:
        localisation.use_time_zone(localisation.DEFAULT_TIME_ZONE)
    student = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address == students[0].email)).one()
    employer = session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_address != students[0].email)).one()
    assert "by June 2, 2027" in student.body
    assert "until June 2, 2027 to answer" in employer.body


def test_the_link_line_under_an_e_mail_is_in_the_readers_language():
    assert render("Hola", "/student/placements/7", None, "https://wbl.example.org", "es").endswith(
        "\n\nÁbrelo en WBL Match: https://wbl.example.org/student/placements/7\n")
    assert render("Hello", "/student/placements/7", None, "https://wbl.example.org", None).endswith(
        "\n\nOpen it in WBL Match: https://wbl.example.org/student/placements/7\n")


def test_a_spanish_readers_e_mail_goes_out_with_the_spanish_link_line(app, session, consortium, make_slot):
    app.config.update(OUTBOX_AUTO_DELIVERY=False, BASE_URL="https://wbl.example.org")
    slot = make_slot(site_address="120 Main St", site_city="Visalia")

    class Student:
        first_name = "Luz"

    message = queue_text(session, consortium.id, "luz@example.org",
                         family_mail.offer(Student(), slot, "Summer", LATE, "es", 7))
    session.commit()
    delivery.deliver_due(session, mail_settings())
    sent = delivered_text(message.id)
    assert "Ábrelo en WBL Match: https://wbl.example.org/student/placements/7" in sent
    assert "Open it in" not in sent and "wbl_match" not in sent


@pytest.mark.parametrize("language", ["en", "es"])
def test_family_e_mails_name_the_product_wbl_match(language):
    from datetime import date

    invitation = family_mail.invitation("Lupe", "Home Valley", False, LATE, language)
    reminder = family_mail.readiness_reminder(type("S", (), {"first_name": "Luz"})(), "Valley Clinic",
                                              date(2027, 6, 14), [], False, language, 7)
    for text in (invitation, reminder):
        assert "wbl_match" not in text.subject + text.body
    assert "WBL Match" in invitation.subject and "WBL Match" in reminder.body
