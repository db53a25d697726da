"""The spatial grid finds every slot within the radius, anywhere on Earth."""

import numpy as np
import pytest

from wbl_match.matching import load_round
from wbl_match.matching.compiled import compile_round
from wbl_match.matching.feasibility import distances
from wbl_match.matching.grid import build_grid, candidates
from wbl_match.matching.travel import haversine_km


@pytest.mark.parametrize("centre", [(36.3, -119.3), (0.0, 179.9), (-10.0, -179.95), (89.9, 40.0), (-89.5, 0.0)])
def test_grid_candidates_include_every_slot_within_the_radius(centre):
    rng = np.random.default_rng(3)
    m, n = 400, 60
    lat = np.clip(centre[0] + rng.normal(0, 1.0, m), -90, 90)
    lon = (centre[1] + rng.normal(0, 2.0, m) + 180) % 360 - 180
    remote = rng.random(m) < 0.05
    sector = rng.integers(0, 3, m)
    grid = build_grid(lat, lon, remote, sector, by_sector=True)
    s_lat = np.clip(centre[0] + rng.normal(0, 1.0, n), -90, 90)
    s_lon = (centre[1] + rng.normal(0, 2.0, n) + 180) % 360 - 180
    radius = rng.choice([5.0, 40.0, 150.0, np.inf], n)
    groups = rng.integers(0, 3, n)
    s, j = candidates(grid, np.arange(n), groups, s_lat, s_lon, radius)
    found = set(zip(s.tolist(), j.tolist()))
    assert len(found) == len(s)
    for i in range(n):
        for k in range(m):
            if sector[k] != groups[i]:
                continue
            near = remote[k] or haversine_km(s_lat[i], s_lon[i], lat[k], lon[k]) <= radius[i]
            if near:
                assert (i, k) in found


def test_vectorised_and_plain_haversine_agree():
    places = [(36.0, -119.0, 34.05, -118.24), (-33.9, 151.2, 51.5, -0.12), (0.0, 179.99, 0.0, -179.99)]
    students = [{"id": f"s{k}", "home": {"lat": a, "lon": b}} for k, (a, b, _, _) in enumerate(places)]
    slots = [{"id": f"j{k}", "capacity": 1, "site": {"lat": c, "lon": d}} for k, (_, _, c, d) in enumerate(places)]
    data = {"format": "wbl-match-round/1", "policy": {"sector_rule": "preferred"}, "students": students,
            "slots": slots}
    d = distances(compile_round(load_round(data)), np.arange(3), np.arange(3))
    for k, (a, b, c, e) in enumerate(places):
        assert d[k] == pytest.approx(haversine_km(a, b, c, e), abs=1e-7)
