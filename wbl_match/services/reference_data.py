"""Keep the sector and pathway reference tables in step with ``wbl_match.reference``."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import PathwayRow, SectorRow
from wbl_match.reference import SECTORS


def reference_rows() -> tuple[list[dict], list[dict]]:
    """The sector and pathway rows as plain dicts (also used by the first migration)."""
    sectors = [{"code": s.code, "name": s.name, "position": i} for i, s in enumerate(SECTORS, start=1)]
    pathways = [{"code": p.code, "sector_code": s.code, "name": p.name} for s in SECTORS for p in s.pathways]
    return sectors, pathways


def ensure_reference_data(session: Session) -> None:
    """Insert any sector or pathway that is missing (existing rows are left as they are)."""
    sectors, pathways = reference_rows()
    have_sectors = set(session.scalars(sa.select(SectorRow.code)))
    have_pathways = set(session.scalars(sa.select(PathwayRow.code)))
    session.add_all(SectorRow(**row) for row in sectors if row["code"] not in have_sectors)
    session.flush()
    session.add_all(PathwayRow(**row) for row in pathways if row["code"] not in have_pathways)
    session.flush()
