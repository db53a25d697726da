"""California ZIP codes and their centroids (shipped data), to place a home or site given only its ZIP."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

ZIP_PATTERN = re.compile(r"^\d{5}$")


@lru_cache(maxsize=1)
def _centroids() -> dict[str, tuple[float, float]]:
    text = resources.files("wbl_match.data").joinpath("ca_zip_centroids.csv").read_text(encoding="utf-8")
    found = {}
    for row in csv.DictReader(text.splitlines()):
        lat, lon = float(row["lat"]), float(row["lon"])
        if (lat, lon) != (0.0, 0.0):  # four ZIPs have no known position
            found[row["zip"]] = (lat, lon)
    return found


def zip_centroid(zip_code: str) -> tuple[float, float] | None:
    """(lat, lon) of a California ZIP code with a known position, else None."""
    return _centroids().get(zip_code)


def zip_problem(zip_code: str) -> str | None:
    """Why ``zip_code`` cannot be used, or None when it is a known California ZIP code."""
    if not ZIP_PATTERN.match(zip_code):
        return f"'{zip_code}' is not a 5-digit ZIP code."
    if zip_centroid(zip_code) is None:
        return f"{zip_code} is not a California ZIP code we can place on the map."
    return None
