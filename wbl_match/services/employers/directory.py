"""The consortium's employers as its coordinators look them up: who offers what, and how it is used.

Read-only: employers keep their own records (the employer portal), and coordinators change them through
bulk import or the API. Every query here is bounded: one page of employers with their counts, or one
employer's slots with the rounds and placements that use them.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import (
    Employer, MatchRound, Placement, PlacementStatus, Slot, SlotStatus, User, round_slots,
)
from wbl_match.services.searching import clamp_page, contains, page_count

#: Placements that hold a place: still proposed, offered, or accepted.
HOLDING = (PlacementStatus.PROPOSED, PlacementStatus.OFFERED, PlacementStatus.ACCEPTED)


@dataclass(frozen=True)
class EmployerRow:
    employer: Employer
    open_slots: int
    other_slots: int
    open_places: int
    accounts: int


@dataclass(frozen=True)
class EmployerPage:
    rows: list[EmployerRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


@dataclass(frozen=True)
class SlotUse:
    slot: Slot
    rounds: list[MatchRound]
    #: Placements by status value, over every round.
    placements: dict[str, int]

    @property
    def holding(self) -> int:
        return sum(self.placements.get(status.value, 0) for status in HOLDING)


def search_employers(session: Session, consortium_id: int, *, text: str = "", sector: str | None = None,
                     page: int = 1, per_page: int = 25) -> EmployerPage:
    """One page of the consortium's employers by name, with slot and account counts.

    ``text`` matches the name or city (case-insensitive); ``sector`` keeps employers with a slot in it.
    """
    where = [Employer.consortium_id == consortium_id]
    if text.strip():
        where.append(sa.or_(contains(Employer.name, text.strip()), contains(Employer.city, text.strip())))
    if sector:
        where.append(Employer.id.in_(sa.select(Slot.employer_id).where(Slot.sector_code == sector)))
    total = session.scalar(sa.select(sa.func.count(Employer.id)).where(*where)) or 0
    page = clamp_page(page, total, per_page)
    employers = session.scalars(sa.select(Employer).where(*where).order_by(Employer.name, Employer.id)
                                .offset((page - 1) * per_page).limit(per_page)).all()
    ids = [e.id for e in employers]
    is_open = Slot.status == SlotStatus.OPEN
    slot_counts = {row.employer_id: row for row in session.execute(
        sa.select(Slot.employer_id,
                  sa.func.count(Slot.id).filter(is_open).label("open"),
                  sa.func.count(Slot.id).filter(sa.not_(is_open)).label("other"),
                  sa.func.coalesce(sa.func.sum(Slot.capacity).filter(is_open), 0).label("places"))
        .where(Slot.employer_id.in_(ids)).group_by(Slot.employer_id))}
    accounts = dict(session.execute(sa.select(User.employer_id, sa.func.count(User.id))
                                    .where(User.employer_id.in_(ids)).group_by(User.employer_id)).all())
    rows = []
    for employer in employers:
        counts = slot_counts.get(employer.id)
        rows.append(EmployerRow(employer, counts.open if counts else 0, counts.other if counts else 0,
                                int(counts.places) if counts else 0, accounts.get(employer.id, 0)))
    return EmployerPage(rows, total, page, per_page)


def employer_slots(session: Session, employer: Employer) -> list[SlotUse]:
    """The employer's slots, open first, each with the rounds that include it and its placements by status."""
    slots = session.scalars(sa.select(Slot).where(Slot.employer_id == employer.id)
                            .options(selectinload(Slot.shifts))
                            .order_by(Slot.status != SlotStatus.OPEN, Slot.title, Slot.id)).all()
    ids = [s.id for s in slots]
    rounds: dict[int, list[MatchRound]] = {}
    for slot_id, match_round in session.execute(
            sa.select(round_slots.c.slot_id, MatchRound).join(MatchRound, MatchRound.id == round_slots.c.round_id)
            .where(round_slots.c.slot_id.in_(ids)).order_by(MatchRound.id.desc())):
        rounds.setdefault(slot_id, []).append(match_round)
    placed: dict[int, dict[str, int]] = {}
    for slot_id, status, count in session.execute(
            sa.select(Placement.slot_id, Placement.status, sa.func.count(Placement.id))
            .where(Placement.slot_id.in_(ids)).group_by(Placement.slot_id, Placement.status)):
        placed.setdefault(slot_id, {})[status.value] = count
    return [SlotUse(slot, rounds.get(slot.id, []), placed.get(slot.id, {})) for slot in slots]
