"""What closing or deleting a slot will do, in the employer's words, for the confirmation page."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement, PlacementStatus, Preference, RoundState, Slot, round_slots


def _in_rounds(session: Session, slot: Slot, states) -> list[str]:
    return list(session.scalars(sa.select(MatchRound.name).join(round_slots, round_slots.c.round_id == MatchRound.id)
                                .where(round_slots.c.slot_id == slot.id, MatchRound.state.in_(states))
                                .order_by(MatchRound.name)))


def close_consequences(session: Session, slot: Slot) -> list[str]:
    """Closing: no new students, placed ones stay; who ranked it; that it can be opened again."""
    lines = ["No new students are matched to this slot, and students no longer see it."]
    given = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.slot_id == slot.id, Placement.status.in_((PlacementStatus.OFFERED, PlacementStatus.ACCEPTED))))
    if given:
        lines.append(f"{given} student{' keeps' if given == 1 else 's keep'} the place already offered.")
    proposed = session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.slot_id == slot.id, Placement.status == PlacementStatus.PROPOSED))
    if proposed:
        lines.append(f"{proposed} proposed placement{' is' if proposed == 1 else 's are'} not yet offered: the "
                     "coordinator's next solve places "
                     + ("that student" if proposed == 1 else "those students") + " elsewhere if it can.")
    rounds = _in_rounds(session, slot, (RoundState.OPEN, RoundState.CLOSED, RoundState.SOLVED))
    if rounds:
        ranked = session.scalar(sa.select(sa.func.count()).select_from(Preference)
                                .where(Preference.slot_id == slot.id)) or 0
        lines.append(f"It is part of {', '.join(rounds)}; the next solve leaves it out"
                     + (f", and the {ranked} student{'' if ranked == 1 else 's'} who ranked it will not be matched "
                        "to it." if ranked else "."))
    lines.append("You can open it again at any time.")
    return lines


def delete_consequences(session: Session, slot: Slot) -> list[str]:
    """Deleting: for good; refused for a slot a round used (the service says so)."""
    if _in_rounds(session, slot, tuple(RoundState)):
        return ["This slot is part of a match round, so it cannot be deleted. Close it instead."]
    return ["The slot, its schedule and its details are deleted for good. This cannot be undone.",
            "To keep it for later without students seeing it, leave it as a draft or closed instead."]
