"""ZIP code to coordinates, offline, with the ``zipcodes`` package (GeoNames centroids)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import zipcodes

from wbl_match.services.errors import FieldErrors

_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


@dataclass(frozen=True)
class Place:
    zip: str
    city: str
    lat: float
    lon: float


def locate_zip(value: str | None, field: str = "zip") -> Place:
    """The centroid of a US ZIP code; a ``FieldErrors`` on ``field`` when it is malformed or unknown.

    A few ZIPs (PO boxes, unique ZIPs) carry 0,0 in the data; they count as unknown, because placing a
    student in the Atlantic would make every distance meaningless.
    """
    text = (value or "").strip()
    if not _ZIP.match(text):
        raise FieldErrors.single(field, "Enter a 5-digit ZIP code, like 93291.")
    code = text[:5]
    try:
        found = zipcodes.matching(code)
    except (TypeError, ValueError):
        found = []
    for row in found:
        lat, lon = float(row.get("lat") or 0), float(row.get("long") or 0)
        if (lat, lon) != (0.0, 0.0):
            return Place(zip=code, city=row.get("city") or "", lat=lat, lon=lon)
    raise FieldErrors.single(field, f"We do not know where ZIP code {code} is. Check it, or type the coordinates.")
