"""Candidate pairs without looking at every student × slot pair.

Slots are sorted by (group, latitude row, longitude) into one float key, where
the group is the slot's sector (or one group for all sectors). A student then
asks, for each of its groups and each latitude row its travel radius touches,
for the contiguous run of slots inside its longitude window: one
``searchsorted`` per row for all students at once. Remote slots sit in a row of
their own that every student of the group gets. The result is a superset of the
pairs within the radius (a bounding box); ``feasibility.py`` applies the exact
distance.
"""

from dataclasses import dataclass

import numpy as np

from .constants import EARTH_RADIUS_KM

ROW_DEG = 0.05  # about 5.6 km: a few rows for a typical 10–30 km radius
N_ROWS = int(np.ceil(180 / ROW_DEG)) + 1
REMOTE_ROW = N_ROWS
GROUP_STRIDE = N_ROWS + 1
LON_SPAN = 400.0  # lon + 180 lies in [0, 360]; keeps rows apart in the float key
_MARGIN = 1e-9  # relative widening of every window, against rounding


@dataclass(frozen=True)
class SlotGrid:
    """Slots sorted by (group, row, longitude); ``order`` maps positions to slot indexes."""

    keys: np.ndarray
    order: np.ndarray
    by_sector: bool


def build_grid(lat: np.ndarray, lon: np.ndarray, remote: np.ndarray, sector: np.ndarray,
               by_sector: bool, keep: np.ndarray | None = None) -> SlotGrid:
    """Index slots for range queries; with ``by_sector`` each sector is its own group.

    ``keep`` (a boolean mask over slots) leaves the other slots out of the index.
    """
    group = np.maximum(sector, 0) if by_sector else np.zeros(len(lat), dtype=np.int64)
    row = np.where(remote, REMOTE_ROW, _row(np.nan_to_num(lat)))
    keys = _key(group, row, np.where(remote, 0.0, np.nan_to_num(lon)) + 180.0)
    order = np.argsort(keys, kind="stable")
    if keep is not None:
        order = order[keep[order]]
    # Slots without a sector never match under the "required" rule: drop them.
    if by_sector:
        order = order[sector[order] >= 0]
    return SlotGrid(keys[order], order, by_sector)


def candidates(grid: SlotGrid, q_student: np.ndarray, q_group: np.ndarray, lat: np.ndarray,
               lon: np.ndarray, radius_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (student, slot) index arrays of every slot of the query's group in its box.

    One query per row of ``q_student``; ``lat``, ``lon``, ``radius_km`` are per
    query (``inf`` radius: the whole group). Students without a home (NaN) get
    remote slots only.
    """
    return _expand(*candidate_ranges(grid, q_student, q_group, lat, lon, radius_km), grid.order)


def candidate_ranges(grid: SlotGrid, q_student: np.ndarray, q_group: np.ndarray, lat: np.ndarray,
                     lon: np.ndarray, radius_km: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs of sorted slots behind ``candidates``: (student, lo, hi), ``hi - lo`` slots each.

    Cheap (no pair is made), so callers can size their chunks by the number of candidates.
    """
    r_lo, r_hi = _remote_ranges(grid, q_group)
    home = np.flatnonzero(~np.isnan(lat))
    b_lo, b_hi, b_q = _box_ranges(grid, q_group[home], lat[home], lon[home], radius_km[home])
    lo = np.concatenate([r_lo, b_lo])
    hi = np.concatenate([r_hi, b_hi])
    who = np.concatenate([np.arange(len(q_student)), home[b_q]])
    return q_student[who], lo, hi


def _row(lat: np.ndarray) -> np.ndarray:
    return np.clip(np.floor((lat + 90.0) / ROW_DEG).astype(np.int64), 0, N_ROWS - 1)


def _key(group, row, lon_shifted) -> np.ndarray:
    return (group * GROUP_STRIDE + row).astype(np.float64) * LON_SPAN + lon_shifted


def _remote_ranges(grid: SlotGrid, group: np.ndarray):
    lo = np.searchsorted(grid.keys, _key(group, REMOTE_ROW, -1.0), side="left")
    hi = np.searchsorted(grid.keys, _key(group, REMOTE_ROW, LON_SPAN - 1.0), side="right")
    return lo, hi


def _box_ranges(grid: SlotGrid, group, lat, lon, radius_km):
    """Ranges (lo, hi, query) covering each query's circle, row by row.

    Each latitude row gets the circle's widest longitude extent within that row
    (not the widest of the whole circle), so the rows at the top and bottom of
    the circle ask for narrow windows.
    """
    ang = radius_km * (1 + _MARGIN) / EARTH_RADIUS_KM + _MARGIN
    dlat = np.degrees(np.minimum(ang, np.pi))
    lat_lo, lat_hi = lat - dlat, lat + dlat
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.sin(np.minimum(ang, np.pi / 2)) / np.cos(np.radians(lat))
    full = (ang >= np.pi / 2) | (lat_lo <= -90) | (lat_hi >= 90) | ~(ratio < 1)
    dlon = np.degrees(np.arcsin(np.where(full, 0.0, ratio)))
    row_lo, row_hi = _row(lat_lo), _row(lat_hi)
    parts = [_full_width(grid, group, row_lo, row_hi, full)]
    cap = _Cap(lat, lon, np.where(full, 0.0, ang), dlon)
    windows = [(0.0, ~full), (360.0, ~full & (lon - dlon < -180)), (-360.0, ~full & (lon + dlon > 180))]
    for shift, use in windows:
        parts.append(_row_windows(grid, group, row_lo, row_hi, cap, shift, use))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))


@dataclass(frozen=True)
class _Cap:
    """Spherical caps (centre degrees, angular radius radians, widest half-width degrees)."""

    lat: np.ndarray
    lon: np.ndarray
    ang: np.ndarray
    dlon: np.ndarray

    def half_width(self, q: np.ndarray, row: np.ndarray) -> np.ndarray:
        """Widest longitude half-width (degrees) of caps ``q`` inside latitude row ``row``.

        On a cap the half-width grows towards the latitude ``asin(sin φ0 / cos r)`` and
        shrinks away from it, so its maximum over a row is at that latitude clamped to the row.
        """
        phi0, ang = np.radians(self.lat[q]), self.ang[q]
        top_row = -90.0 + row * ROW_DEG
        band_lo = np.radians(top_row - _ROW_EPS)
        band_hi = np.radians(top_row + ROW_DEG + _ROW_EPS)
        widest = np.arcsin(np.clip(np.sin(phi0) / np.cos(ang), -1.0, 1.0))
        phi = np.clip(widest, band_lo, band_hi)
        with np.errstate(invalid="ignore", divide="ignore"):
            cos_dl = (np.cos(ang) - np.sin(phi0) * np.sin(phi)) / (np.cos(phi0) * np.cos(phi))
        width = np.degrees(np.arccos(np.clip(cos_dl, -1.0, 1.0))) + _LON_EPS
        return np.minimum(np.nan_to_num(width, nan=180.0), self.dlon[q] + _LON_EPS)


#: Safety margins of the per-row windows (degrees): rounding in arccos near 1 and row edges.
_ROW_EPS = 1e-7
_LON_EPS = 1e-6
def _full_width(grid, group, row_lo, row_hi, use):
    """Queries needing every longitude: rows row_lo…row_hi form one contiguous run."""
    q = np.flatnonzero(use)
    lo = np.searchsorted(grid.keys, _key(group[q], row_lo[q], -1.0), side="left")
    hi = np.searchsorted(grid.keys, _key(group[q], row_hi[q], LON_SPAN - 1.0), side="right")
    return lo, hi, q


def _row_windows(grid, group, row_lo, row_hi, cap: _Cap, shift: float, use):
    """Queries with a longitude window: one searchsorted per row offset, all queries at once.

    ``shift`` (0, +360 or -360) moves the window across the date line for the wrapped parts.
    """
    q = np.flatnonzero(use)
    n_rows = (row_hi - row_lo + 1)[q]
    lo_parts, hi_parts, q_parts = [], [], []
    for k in range(int(n_rows.max(initial=0))):
        qk = q[n_rows > k]
        row = row_lo[qk] + k
        width = cap.half_width(qk, row)
        centre = cap.lon[qk] + shift
        w_lo = np.clip(centre - width, -180.0, 180.0) + 180.0
        w_hi = np.clip(centre + width, -180.0, 180.0) + 180.0
        lo_parts.append(np.searchsorted(grid.keys, _key(group[qk], row, w_lo), "left"))
        hi_parts.append(np.searchsorted(grid.keys, _key(group[qk], row, w_hi), "right"))
        q_parts.append(qk)
    empty = np.zeros(0, dtype=np.int64)
    return (np.concatenate(lo_parts or [empty]), np.concatenate(hi_parts or [empty]),
            np.concatenate(q_parts or [empty]))


def _expand(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, order: np.ndarray):
    """Turn ranges [lo, hi) of sorted positions into (owner, slot) pairs."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(total, dtype=np.int64)
    pos += np.repeat(lo - starts, counts)
    # int32 indexes: half the memory traffic of every later step on the candidates.
    return np.repeat(owner.astype(np.int32), counts), order.astype(np.int32).take(pos)
