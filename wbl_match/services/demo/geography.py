"""Real geography of the demo region: its high schools and ZIP centroids, from the shipped CSV files."""
from __future__ import annotations

import csv
import math
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from wbl_match.matching.travel import haversine_km  # noqa: F401 (the demo measures as the engine does)

#: Schools that do not run ordinary internship programmes (court, community day, adult, online).
_EXCLUDED = re.compile(r"Court|Community Day|Community$|Adult|Night|Juvenile|ROP|Online|Independent Study",
                       re.IGNORECASE)


@dataclass(frozen=True)
class SchoolSite:
    cds_code: str
    name: str
    district: str
    county: str
    city: str
    zip: str
    lat: float
    lon: float
    comprehensive: bool


@dataclass(frozen=True)
class ZipCentroid:
    zip: str
    city: str
    lat: float
    lon: float


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("wbl_match.data").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def region_schools(counties: tuple[str, ...]) -> list[SchoolSite]:
    """Regular public high schools (grades up to 12) of the counties, sorted by CDS code."""
    schools = []
    for row in _rows("ca_schools_secondary_2018.csv"):
        if row["county"] not in counties or row["level"] != "High School" or not row["grades"].endswith("12"):
            continue
        if _EXCLUDED.search(row["name"]):
            continue
        comprehensive = "Continuation" not in row["name"] and row["charter"] == "N"
        schools.append(SchoolSite(row["cds_code"], row["name"], row["district"], row["county"], row["city"],
                                  row["zip"], float(row["lat"]), float(row["lon"]), comprehensive))
    return sorted(schools, key=lambda s: s.cds_code)


@lru_cache(maxsize=4)
def region_zips(counties: tuple[str, ...]) -> tuple[ZipCentroid, ...]:
    """STANDARD, active ZIP codes of the counties with known coordinates."""
    wanted = {f"{county} County" for county in counties}
    found = []
    for row in _rows("ca_zip_centroids.csv"):
        lat, lon = float(row["lat"]), float(row["lon"])
        if row["county"] in wanted and row["zip_type"] == "STANDARD" and (lat, lon) != (0.0, 0.0):
            found.append(ZipCentroid(row["zip"], row["city"], lat, lon))
    return tuple(sorted(found, key=lambda z: z.zip))


def nearest_zip(zips: tuple[ZipCentroid, ...], lat: float, lon: float) -> ZipCentroid:
    return min(zips, key=lambda z: (haversine_km(lat, lon, z.lat, z.lon), z.zip))


def jitter(rng: random.Random, lat: float, lon: float, max_km: float) -> tuple[float, float]:
    """A point uniformly spread within ``max_km`` of (lat, lon)."""
    distance = max_km * math.sqrt(rng.random())
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance * math.cos(bearing) / 111.32
    dlon = distance * math.sin(bearing) / (111.32 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)
