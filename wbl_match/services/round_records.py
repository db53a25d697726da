"""Match rounds and placements as records: create, edit, move through the lifecycle, record responses.

The solve itself belongs to the rounds' own services; this module covers what the REST API needs around it.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement, PlacementStatus, RoundState, School, Slot
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.records import RecordError, assign_scalars

ROUND_FIELDS = ("name", "term_start", "term_end", "mechanism", "sector_rule", "only_ranked", "max_ranked",
                "employers_rank", "ranking_closes_at", "offers_expire_at")
#: States a client may ask for directly; ``solving``/``solved`` are reached through a solve.
REQUESTABLE_STATES = (RoundState.DRAFT, RoundState.OPEN, RoundState.CLOSED, RoundState.PUBLISHED,
                      RoundState.ARCHIVED)


def _members(session: Session, model: type, ids: list[int], consortium_id: int, field: str,
             errors: dict[str, list[str]]) -> list[Any]:
    rows = list(session.scalars(sa.select(model).where(model.id.in_(ids), model.consortium_id == consortium_id)))
    missing = sorted(set(ids) - {row.id for row in rows})
    if missing:
        errors.setdefault(field, []).append(f"Not in this consortium: {', '.join(map(str, missing))}.")
    return sorted(rows, key=lambda row: row.id)


def save_round(session: Session, actor: Any, consortium_id: int, values: dict[str, Any],
               match_round: MatchRound | None = None, **audit: Any) -> MatchRound:
    """Create a round (in draft) or edit one; ``school_ids``/``slot_ids`` set who takes part."""
    errors: dict[str, list[str]] = {}
    schools = _members(session, School, values["school_ids"], consortium_id, "school_ids", errors) \
        if "school_ids" in values else None
    slots = _members(session, Slot, values["slot_ids"], consortium_id, "slot_ids", errors) \
        if "slot_ids" in values else None
    merged = {name: values.get(name, getattr(match_round, name, None)) for name in ("term_start", "term_end")}
    if merged["term_start"] and merged["term_end"] and merged["term_end"] < merged["term_start"]:
        errors.setdefault("term_end", []).append("The term cannot end before it starts.")
    if errors:
        raise RecordError(errors)
    match_round = match_round or MatchRound(consortium_id=consortium_id, state=RoundState.DRAFT)
    created = match_round.id is None
    changed = assign_scalars(match_round, values, ROUND_FIELDS)
    for name, rows in (("schools", schools), ("slots", slots)):
        if rows is not None and [r.id for r in getattr(match_round, name)] != [r.id for r in rows]:
            setattr(match_round, name, rows)
            changed = True
    session.add(match_round)
    session.flush()
    if created or changed:
        record_event(session, actor, "round.created" if created else "round.updated", match_round, **audit)
    session.commit()
    return match_round


def change_round_state(session: Session, actor: Any, match_round: MatchRound, target: RoundState,
                       **audit: Any) -> MatchRound:
    """Move the round to ``target`` if its lifecycle allows it; RecordError otherwise."""
    if target not in REQUESTABLE_STATES:
        raise RecordError({"state": [f"A round reaches '{target.value}' through a solve, not directly."]})
    if not match_round.state.can_move_to(target):
        raise RecordError({"state": [f"A {match_round.state.value} round cannot move to {target.value}."]})
    previous = match_round.state
    match_round.state = target
    record_event(session, actor, f"round.{target.value}", match_round, previous=previous.value, **audit)
    session.commit()
    return match_round


def placement_in_consortium(session: Session, placement_id: int, consortium_id: int) -> Placement | None:
    """The placement if its round belongs to the consortium."""
    return session.scalar(sa.select(Placement).join(MatchRound, Placement.round_id == MatchRound.id)
                          .where(Placement.id == placement_id, MatchRound.consortium_id == consortium_id))


def respond_to_placement(session: Session, actor: Any, placement: Placement, accept: bool,
                         reason: str | None = None, **audit: Any) -> Placement:
    """Record the student's answer to an offered placement (e.g. given by phone to the intermediary)."""
    if placement.status is not PlacementStatus.OFFERED:
        raise RecordError({"accept": [f"Only an offered placement can be answered; this one is "
                                      f"{placement.status.value}."]})
    placement.status = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
    placement.responded_at = utcnow()
    placement.response_reason = reason or None
    record_event(session, actor, "placement.accepted" if accept else "placement.declined", placement,
                 consortium_id=placement.round.consortium_id, **audit)
    session.commit()
    return placement
