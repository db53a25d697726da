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
    r_lo, r_hi = _remote_ranges(grid, q_group)
    home = np.flatnonzero(~np.isnan(lat))
    b_lo, b_hi, b_q = _box_ranges(grid, q_group[home], lat[home], lon[home], radius_km[home])
    lo = np.concatenate([r_lo, b_lo])
    hi = np.concatenate([r_hi, b_hi])
    who = np.concatenate([np.arange(len(q_student)), home[b_q]])
    return _expand(q_student[who], lo, hi, grid.order)


def _row(lat: np.ndarray) -> np.ndarray:
    return np.clip(np.floor((lat + 90.0) / ROW_DEG).astype(np.int64), 0, N_ROWS - 1)


def _key(group, row, lon_shifted) -> np.ndarray:
    return (group * GROUP_STRIDE + row).astype(np.float64) * LON_SPAN + lon_shifted


def _remote_ranges(grid: SlotGrid, group: np.ndarray):
    lo = np.searchsorted(grid.keys, _key(group, REMOTE_ROW, -1.0), side="left")
    hi = np.searchsorted(grid.keys, _key(group, REMOTE_ROW, LON_SPAN - 1.0), side="right")
    return lo, hi


def _box_ranges(grid: SlotGrid, group, lat, lon, radius_km):
    """Ranges (lo, hi, query) covering each query's bounding box, row by row."""
    ang = radius_km * (1 + _MARGIN) / EARTH_RADIUS_KM + _MARGIN
    dlat = np.degrees(np.minimum(ang, np.pi))
    lat_lo, lat_hi = lat - dlat, lat + dlat
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.sin(np.minimum(ang, np.pi / 2)) / np.cos(np.radians(lat))
    full = (ang >= np.pi / 2) | (lat_lo <= -90) | (lat_hi >= 90) | ~(ratio < 1)
    dlon = np.degrees(np.arcsin(np.where(full, 0.0, ratio)))
    row_lo, row_hi = _row(lat_lo), _row(lat_hi)
    parts = [_full_width(grid, group, row_lo, row_hi, full)]
    windows = [(lon - dlon, lon + dlon, ~full)]
    windows.append((lon - dlon + 360.0, np.full_like(lon, 180.0), ~full & (lon - dlon < -180)))
    windows.append((np.full_like(lon, -180.0), lon + dlon - 360.0, ~full & (lon + dlon > 180)))
    for w_lo, w_hi, use in windows:
        parts.append(_row_windows(grid, group, row_lo, row_hi, w_lo, w_hi, use))
    return tuple(np.concatenate([p[k] for p in parts]) for k in range(3))


def _full_width(grid, group, row_lo, row_hi, use):
    """Queries needing every longitude: rows row_lo…row_hi form one contiguous run."""
    q = np.flatnonzero(use)
    lo = np.searchsorted(grid.keys, _key(group[q], row_lo[q], -1.0), side="left")
    hi = np.searchsorted(grid.keys, _key(group[q], row_hi[q], LON_SPAN - 1.0), side="right")
    return lo, hi, q


def _row_windows(grid, group, row_lo, row_hi, w_lo, w_hi, use):
    """Queries with a longitude window: one searchsorted per row offset, all queries at once."""
    q = np.flatnonzero(use)
    n_rows = (row_hi - row_lo + 1)[q]
    lo_parts, hi_parts, q_parts = [], [], []
    for k in range(int(n_rows.max(initial=0))):
        qk = q[n_rows > k]
        row = row_lo[qk] + k
        shift = 180.0
        lo_parts.append(np.searchsorted(grid.keys, _key(group[qk], row, np.maximum(w_lo[qk], -180.0) + shift), "left"))
        hi_parts.append(np.searchsorted(grid.keys, _key(group[qk], row, np.minimum(w_hi[qk], 180.0) + shift), "right"))
        q_parts.append(qk)
    empty = np.zeros(0, dtype=np.int64)
    return (np.concatenate(lo_parts or [empty]), np.concatenate(hi_parts or [empty]),
            np.concatenate(q_parts or [empty]))


def _expand(owner: np.ndarray, lo: np.ndarray, hi: np.ndarray, order: np.ndarray):
    """Turn ranges [lo, hi) of sorted positions into (owner, slot) pairs."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    starts = np.cumsum(counts) - counts
    pos = np.arange(total, dtype=np.int64) + np.repeat(lo - starts, counts)
    return np.repeat(owner, counts).astype(np.int64), order[pos].astype(np.int64)
