"""Factories for small hand-made rounds (plain dicts in the round-file format)."""

import copy
import math

from wbl_match.matching import load_round, solve

HEALTH = "health-science-medical-technology"
PUBLIC = "public-services"
#: A town centre, and the length of one degree of latitude on the spec's sphere.
LAT, LON = 36.33, -119.29
KM_PER_DEGREE = 6371.0088 * math.pi / 180


def make_student(id="s1", north_km=0.0, sectors=(HEALTH,), **fields) -> dict:
    """A student ``north_km`` north of the town centre."""
    data = {"id": id, "home": {"lat": LAT + north_km / KM_PER_DEGREE, "lon": LON}, "sectors": list(sectors)}
    data.update(fields)
    return data


def make_slot(id="j1", north_km=0.0, sector=HEALTH, capacity=1, **fields) -> dict:
    """A slot ``north_km`` north of the town centre."""
    data = {"id": id, "sector": sector, "capacity": capacity,
            "site": {"lat": LAT + north_km / KM_PER_DEGREE, "lon": LON}}
    data.update(fields)
    return data


def make_round(students=(), slots=(), **fields) -> dict:
    """A round-file dict; ``fields`` go to the top level (policy, costs, pins …)."""
    data = {"format": "wbl-match-round/1", "students": copy.deepcopy(list(students)),
            "slots": copy.deepcopy(list(slots))}
    data.update(copy.deepcopy(fields))
    return data


def solve_dict(data: dict) -> dict:
    """Load, solve and return the result as a dict."""
    return solve(load_round(data)).to_dict()


def reasons_of(result: dict, student: str) -> dict:
    """``{code: slots}`` of an unplaced student."""
    entry = next(u for u in result["unplaced"] if u["student"] == student)
    return {r["code"]: r["slots"] for r in entry["reasons"]}


def iv(day, start, end) -> dict:
    """An interval dict."""
    return {"day": day, "start": start, "end": end}
