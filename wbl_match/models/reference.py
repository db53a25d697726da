"""Reference tables: the CTE sectors and pathways (rows written by the first migration)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wbl_match.models.base import Base


class SectorRow(Base):
    __tablename__ = "sectors"

    #: Round-file sector code, e.g. ``health-science-medical-technology``.
    code: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: Display order, as in the round-file spec.
    position: Mapped[int] = mapped_column(sa.Integer, unique=True)

    pathways: Mapped[list["PathwayRow"]] = relationship(back_populates="sector", order_by="PathwayRow.name")


class PathwayRow(Base):
    __tablename__ = "pathways"

    code: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    sector_code: Mapped[str] = mapped_column(sa.ForeignKey("sectors.code"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))

    sector: Mapped[SectorRow] = relationship(back_populates="pathways")
