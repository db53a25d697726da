"""Pages show the consortium's clock and the configured distance unit, never UTC and never a moved limit."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from wbl_match.models import MatchRound, Placement, PlacementStatus, Role, RoundState, StudentProfile
from tests.conftest import csrf_token_from

HEALTH = "health-science-medical-technology"


@pytest.fixture
def student(signed_in, make_student):
    user = signed_in(Role.STUDENT)
    return make_student(user_id=user.id, max_minutes=None, max_km=15.0)


def _form(client, page: str, **changes) -> dict:
    from tests.conftest import input_values
    data = {"csrf_token": csrf_token_from(page), "pathway_code": "", "sector_1": HEALTH, "sector_2": "",
            "sector_3": "", "home_zip": input_values(page, "home_zip")[0], "travel_mode": "bike",
            "max_minutes": "", "max_km": input_values(page, "max_km")[0],
            "max_km_kept": input_values(page, "max_km_kept")[0], "availability": ["0-900", "0-930"]}
    data.update(changes)
    return data


def test_the_travel_limit_is_asked_and_shown_in_miles_by_default(client, student):
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Or farthest distance, miles" in page and 'value="9.3"' in page


def test_saving_the_profile_unchanged_keeps_the_travel_limit_to_the_metre(client, student, session):
    page = client.get("/student/profile").get_data(as_text=True)
    assert client.post("/student/profile", data=_form(client, page)).status_code == 302
    session.expire_all()
    assert session.get(StudentProfile, student.id).max_km == 15.0


def test_a_new_distance_in_miles_is_kept_in_km(client, student, session):
    page = client.get("/student/profile").get_data(as_text=True)
    assert client.post("/student/profile", data=_form(client, page, max_km="10")).status_code == 302
    session.expire_all()
    assert session.get(StudentProfile, student.id).max_km == pytest.approx(16.093, abs=0.001)


def test_the_offer_deadline_is_on_the_pacific_clock_and_never_says_utc(client, student, make_slot, session):
    match_round = MatchRound(consortium_id=student.consortium_id, name="Summer 2027", state=RoundState.PUBLISHED)
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=student.id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED, offered_at=datetime(2027, 4, 20, tzinfo=timezone.utc),
                          expires_at=datetime(2027, 5, 1, 6, 0, tzinfo=timezone.utc))
    session.add(placement)
    session.commit()
    for url in ("/student/", f"/student/placements/{placement.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "UTC" not in page, url
        assert "April 30, 2027" in page and "11:00\u202fPM PDT" in page, url


def test_a_consortium_that_reads_km_sees_km(app, client, student):
    app.config["DISTANCE_UNIT"] = "km"
    page = client.get("/student/profile").get_data(as_text=True)
    assert "Or farthest distance, km" in page and 'value="15.0"' in page


def test_no_template_formats_a_timestamp_itself_or_names_utc():
    from pathlib import Path
    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [str(p.relative_to(templates)) for p in templates.rglob("*.html")
                 if "strftime" in p.read_text() or "UTC" in p.read_text()]
    assert offenders == []


def test_an_unknown_time_zone_stops_the_application_at_start(database_url, tmp_path):
    from wbl_match import create_app
    from wbl_match.config import TestConfig
    config = TestConfig(database_url, tmp_path / "instance")
    config.TIME_ZONE = "Mars/Olympus_Mons"
    with pytest.raises(ValueError, match="unknown time zone"):
        create_app(config)
