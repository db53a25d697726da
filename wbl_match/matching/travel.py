"""Travel modes: how a limit in minutes becomes a limit in straight-line km.

A student may give ``travel.mode`` and ``travel.max_minutes`` instead of (or
besides) ``travel.max_km``. The engine turns minutes into the straight-line
distance that the mode covers in that time::

    km = max(0, max_minutes - wait) * speed_kmh / 60 / circuity

``circuity`` is how much longer a real route is than the straight line, and
``wait`` the fixed minutes lost walking to a stop and waiting. The figures are
planning assumptions for California towns, documented in docs/engine.md.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from .constants import EARTH_RADIUS_KM


@dataclass(frozen=True, slots=True)
class TravelMode:
    """Average door-to-door speed, route circuity and fixed wait of a mode."""

    code: str
    label: str
    speed_kmh: float
    circuity: float
    wait_minutes: float


MODES = (
    TravelMode("walk", "walking", 4.8, 1.25, 0.0),
    TravelMode("bike", "by bike", 14.0, 1.3, 0.0),
    TravelMode("transit", "by bus or train", 18.0, 1.4, 10.0),
    TravelMode("car", "by car", 40.0, 1.3, 5.0),
    TravelMode("school_bus", "by school bus", 25.0, 1.4, 5.0),
)
MODE_BY_CODE = {mode.code: mode for mode in MODES}
TRAVEL_MODES = tuple(mode.code for mode in MODES)


def minutes_to_km(mode_code: str, minutes: float) -> float:
    """Return the straight-line km that ``minutes`` of travel by the mode cover."""
    mode = MODE_BY_CODE[mode_code]
    return max(0.0, minutes - mode.wait_minutes) * mode.speed_kmh / 60.0 / mode.circuity


def km_to_minutes(mode_code: str, km: float) -> float:
    """Return the estimated minutes to cover ``km`` of straight line by the mode."""
    mode = MODE_BY_CODE[mode_code]
    return mode.wait_minutes + km * mode.circuity / mode.speed_kmh * 60.0


@lru_cache(maxsize=4096)  # a pure function of a few recurring limits; called once per pair by the checker
def limit_km(max_km: float | None, mode: str | None, max_minutes: float | None) -> float:
    """Return the effective straight-line limit in km (``inf`` when none applies).

    When both a km limit and a time limit are given, both apply: the smaller wins.
    """
    limit = math.inf if max_km is None else float(max_km)
    if mode is not None and max_minutes is not None:
        limit = min(limit, minutes_to_km(mode, max_minutes))
    return limit


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (spec radius 6371.0088 km), plain Python."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi = p2 - p1
    dlmb = math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
