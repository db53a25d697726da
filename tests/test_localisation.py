"""What people read: timestamps on the consortium's clock, distances in the reader's unit."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from wbl_match import localisation


def test_a_utc_timestamp_is_shown_on_the_pacific_clock_with_its_zone():
    moment = datetime(2027, 3, 2, 1, 30, tzinfo=timezone.utc)  # the evening before, in California
    assert localisation.format_moment(moment) == "March 1, 2027, 5:30\u202fPM PST"


def test_a_naive_timestamp_is_read_as_utc_as_sqlite_returns_it():
    assert localisation.format_clock(datetime(2027, 7, 1, 19, 0)) == "12:00\u202fPM PDT"


def test_the_day_of_a_late_evening_deadline_is_the_local_day_not_the_utc_one():
    assert localisation.format_day(datetime(2027, 5, 1, 6, 0, tzinfo=timezone.utc)) == "April 30, 2027"


def test_a_plain_date_is_shown_as_it_is():
    assert localisation.format_day(date(2027, 6, 14), style="full") == "Monday, June 14, 2027"


def test_another_zone_can_be_configured():
    moment = datetime(2027, 3, 2, 1, 30, tzinfo=timezone.utc)
    assert localisation.format_clock(moment, "America/New_York") == "8:30\u202fPM EST"


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone"):
        localisation.time_zone("Pacific/Atlantis")


def test_distances_are_shown_in_miles_by_default_and_in_km_when_asked():
    assert localisation.format_distance(16.09344) == "10.0 mi"
    assert localisation.format_distance(3.44, "km") == "3.4 km"
    assert localisation.format_distance(None) == ""


def test_a_distance_converted_to_miles_and_back_is_the_same_distance():
    assert localisation.to_km("mi", localisation.km_to("mi", 12.5)) == pytest.approx(12.5)


def test_an_unknown_distance_unit_is_refused():
    with pytest.raises(ValueError, match="distance unit"):
        localisation.format_distance(1.0, "furlong")


def test_today_is_the_consortiums_day_in_the_evening_when_utc_is_already_tomorrow():
    evening = datetime(2027, 3, 2, 3, 0, tzinfo=timezone.utc)  # 7 pm on 1 March in California
    assert localisation.local_today("America/Los_Angeles", now=evening) == date(2027, 3, 1)
    assert localisation.local_today("UTC", now=evening) == date(2027, 3, 2)


def test_today_follows_the_configured_zone():
    morning = datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
    try:
        localisation.use_time_zone("Pacific/Honolulu")
        assert localisation.local_today(now=morning) == date(2027, 3, 1)
    finally:
        localisation.use_time_zone(localisation.DEFAULT_TIME_ZONE)
