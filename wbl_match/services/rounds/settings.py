"""Creating a round and changing its settings (who takes part, policy, deadlines).

Its moves from state to state are the state machine's (``lifecycle.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import MatchRound, Mechanism, RoundState, School, SectorRule, Slot, SlotStatus, User
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.errors import RoundError, a_round
from wbl_match.services.rounds.locking import lock_round

#: States in which the round's settings (who takes part, policy, deadlines) may change.
EDITABLE_STATES = (RoundState.DRAFT, RoundState.OPEN, RoundState.CLOSED, RoundState.SOLVED)


@dataclass
class RoundSettings:
    """What an intermediary chooses for a round."""

    name: str
    term_start: date | None = None
    term_end: date | None = None
    school_ids: list[int] = field(default_factory=list)
    slot_ids: list[int] = field(default_factory=list)
    ranking_closes_at: datetime | None = None
    offers_expire_at: datetime | None = None
    mechanism: Mechanism = Mechanism.OPTIMAL
    sector_rule: SectorRule = SectorRule.REQUIRED
    only_ranked: bool = False
    max_ranked: int = 5
    employers_rank: bool = False
    #: Rule 7: apply the consortium's limits for minors; the term (``auto`` from the dates); a weekly cap.
    apply_work_limits: bool = True
    term_kind: str = "auto"
    max_week_hours: float | None = None
    #: Rule 8: ``off``, ``preferred`` or ``required``.
    pathway_rule: str = "off"


def create_round(session: Session, actor: User, settings: RoundSettings) -> MatchRound:
    """Create a draft round in the actor's consortium."""
    match_round = add_round(session, actor, settings)
    session.commit()
    return match_round


def add_round(session: Session, actor: User, settings: RoundSettings) -> MatchRound:
    """Add a draft round to the actor's consortium within the caller's transaction (the caller commits)."""
    match_round = MatchRound(consortium_id=actor.consortium_id, created_by_id=actor.id, state=RoundState.DRAFT)
    _apply(session, match_round, settings)
    session.add(match_round)
    session.flush()
    record_event(session, actor, "round.created", match_round, name=match_round.name)
    return match_round


def update_round(session: Session, actor: User, round_id: int, settings: RoundSettings) -> MatchRound:
    """Change a round's settings; refused while it is solving, once published, and when archived."""
    match_round = lock_round(session, round_id)
    try:
        if match_round.state not in EDITABLE_STATES:
            raise RoundError(f"The settings of {a_round(match_round.state)} cannot be changed.")
        _apply(session, match_round, settings)
        record_event(session, actor, "round.updated", match_round, mechanism=settings.mechanism.value,
                     sector_rule=settings.sector_rule.value, only_ranked=settings.only_ranked,
                     schools=len(settings.school_ids), slots=len(settings.slot_ids),
                     apply_work_limits=settings.apply_work_limits, term_kind=settings.term_kind,
                     max_week_hours=settings.max_week_hours, pathway_rule=settings.pathway_rule)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return match_round


def _apply(session: Session, match_round: MatchRound, settings: RoundSettings) -> None:
    name = (settings.name or "").strip()
    if not name or len(name) > 200:
        raise RoundError("Give the round a name of at most 200 characters.", "name")
    if settings.term_start and settings.term_end and settings.term_end < settings.term_start:
        raise RoundError("The term cannot end before it starts.", "term_end")
    if settings.ranking_closes_at and settings.offers_expire_at \
            and settings.offers_expire_at <= settings.ranking_closes_at:
        raise RoundError("Offers must expire after ranking closes.", "offers_expire_at")
    if settings.mechanism is Mechanism.STABLE and not settings.employers_rank:
        raise RoundError("The stable mechanism needs employers to rank their applicants.", "employers_rank")
    if not 1 <= settings.max_ranked <= 20:
        raise RoundError("Students may rank between 1 and 20 slots.", "max_ranked")
    if settings.term_kind not in ("auto", "school", "vacation"):
        raise RoundError("Choose a school term, a vacation, or from the dates.", "term_kind")
    if settings.max_week_hours is not None and not 0 < settings.max_week_hours <= 168:
        raise RoundError("A weekly cap is a number of hours above 0 and at most 168.", "max_week_hours")
    if settings.pathway_rule not in ("off", "preferred", "required"):
        raise RoundError("Choose off, preferred or required for the pathway rule.", "pathway_rule")
    consortium_id = match_round.consortium_id
    schools = _own(session, School, settings.school_ids, consortium_id, "school_ids")
    slots = _own(session, Slot, settings.slot_ids, consortium_id, "slot_ids")
    match_round.name = name
    for attribute in ("term_start", "term_end", "ranking_closes_at", "offers_expire_at", "mechanism",
                      "sector_rule", "only_ranked", "max_ranked", "employers_rank", "apply_work_limits", "term_kind",
                      "max_week_hours", "pathway_rule"):
        setattr(match_round, attribute, getattr(settings, attribute))
    match_round.schools = schools
    match_round.slots = slots


def _own(session: Session, model, ids: list[int], consortium_id: int, field_name: str) -> list:
    wanted = set(ids)
    rows = list(session.scalars(sa.select(model).where(model.id.in_(wanted), model.consortium_id == consortium_id)))
    if len(rows) != len(wanted):
        raise RoundError("Choose only schools and slots of your consortium.", field_name)
    return sorted(rows, key=lambda row: row.id)


def settings_of(match_round: MatchRound) -> RoundSettings:
    """The current settings of a round (to fill the settings form)."""
    return RoundSettings(
        name=match_round.name, term_start=match_round.term_start, term_end=match_round.term_end,
        school_ids=[s.id for s in match_round.schools], slot_ids=[s.id for s in match_round.slots],
        ranking_closes_at=match_round.ranking_closes_at, offers_expire_at=match_round.offers_expire_at,
        mechanism=match_round.mechanism, sector_rule=match_round.sector_rule, only_ranked=match_round.only_ranked,
        max_ranked=match_round.max_ranked, employers_rank=match_round.employers_rank,
        apply_work_limits=match_round.apply_work_limits, term_kind=match_round.term_kind,
        max_week_hours=match_round.max_week_hours, pathway_rule=match_round.pathway_rule)


def round_choices(session: Session, consortium_id: int) -> tuple[list[School], list[Slot]]:
    """The consortium's schools and open slots, to choose a round's participants from."""
    schools = session.scalars(sa.select(School).where(School.consortium_id == consortium_id)
                              .order_by(School.name)).all()
    slots = session.scalars(sa.select(Slot).where(Slot.consortium_id == consortium_id,
                                                  Slot.status == SlotStatus.OPEN)
                            .options(selectinload(Slot.employer), selectinload(Slot.shifts))
                            .order_by(Slot.title, Slot.id)).all()
    return list(schools), list(slots)


def consortium_rounds(session: Session, consortium_id: int) -> list[MatchRound]:
    """The consortium's rounds, newest first."""
    return list(session.scalars(sa.select(MatchRound).where(MatchRound.consortium_id == consortium_id)
                                .order_by(MatchRound.created_at.desc(), MatchRound.id.desc())))
