"""Fixtures of the engine tests; the factories themselves are in round_factories.py."""

import pytest

from round_factories import HEALTH, PUBLIC, iv


@pytest.fixture
def spec_example() -> dict:
    """The round of the spec page."""
    return {
        "format": "wbl-match-round/1",
        "name": "Central Valley summer 2027",
        "policy": {"mechanism": "optimal", "sector_rule": "required", "only_ranked": False},
        "students": [
            {"id": "s-104", "school": "54-72256-5430108", "grade": 11, "age": 16,
             "home": {"lat": 36.3302, "lon": -119.2921}, "travel": {"max_km": 15.0},
             "sectors": [HEALTH, PUBLIC],
             "availability": [iv("mon", "15:00", "18:30"), iv("wed", "15:00", "18:30")],
             "certifications": ["cpr"], "preferences": ["j-7", "j-2"]},
            {"id": "s-311", "grade": 12, "age": 17, "home": {"lat": 36.34, "lon": -119.30},
             "sectors": [HEALTH]},
        ],
        "slots": [
            {"id": "j-7", "employer": "e-12", "sector": HEALTH, "capacity": 2,
             "site": {"lat": 36.3275, "lon": -119.3090}, "remote": False,
             "schedule": [iv("mon", "15:30", "17:30")], "min_grade": 11, "min_age": 16,
             "requires": ["cpr"], "ranking": ["s-104", "s-311"]},
            {"id": "j-2", "sector": PUBLIC, "capacity": 1, "remote": True},
        ],
        "costs": [{"student": "s-104", "slot": "j-7", "cost": 3}],
        "pins": [{"student": "s-104", "slot": "j-7"}],
        "exclusions": [{"student": "s-311", "slot": "j-7"}],
    }
