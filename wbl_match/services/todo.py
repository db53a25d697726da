"""The coordinator's to-do list: what in the consortium is waiting for someone to act, most pressing first.

Rounds waiting for their next step, offers about to expire, concerns employers raised, students whose
profiles cannot be matched yet (by school), placements still getting ready (the after-match checklist) and
hours waiting for the employer's approval. Every item names what to do and where (an endpoint and its
arguments for the page to link to); the page builds the links.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import (
    AfterState, AuditEvent, HoursEntry, MatchRound, Placement, PlacementProgress, PlacementStatus, RoundState, School,
    SolveRun, SolveStatus, StudentProfile,
)
from wbl_match.models.base import utcnow
from wbl_match.services.employers.their_rounds import CONCERN
from wbl_match.services.placements.finding import not_ready_by_school
from wbl_match.services.students.directory import complete_profile_clause

#: Offers that expire within this time are "about to expire".
EXPIRING_WITHIN = timedelta(days=3)
#: Concerns raised within this time are listed.
CONCERNS_SINCE = timedelta(days=30)

#: What a round in each state waits for: (what to do, where).
ROUND_STEPS = {
    RoundState.DRAFT: ("A draft: check its schools, slots and rules, then open it for ranking", "intermediary.round_detail"),
    RoundState.CLOSED: ("Ranking is closed: solve it", "intermediary.round_detail"),
    RoundState.SOLVED: ("Solved: review the proposals, then publish the offers", "intermediary.round_review"),
}


@dataclass(frozen=True)
class Item:
    """One thing to do: a heading, the words, and where to do it (``endpoint`` with ``arguments``)."""

    kind: str
    title: str
    detail: str
    endpoint: str
    arguments: dict = field(default_factory=dict)
    #: When it falls due (None: no deadline); items with the nearest come first within their kind.
    due: datetime | None = None


@dataclass
class TodoList:
    rounds: list[Item] = field(default_factory=list)
    offers: list[Item] = field(default_factory=list)
    concerns: list[Item] = field(default_factory=list)
    profiles: list[Item] = field(default_factory=list)
    readiness: list[Item] = field(default_factory=list)
    hours: list[Item] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, list[Item]]]:
        return [("Rounds waiting for you", self.rounds), ("Offers about to expire", self.offers),
                ("Concerns raised by employers", self.concerns), ("Placements getting ready", self.readiness),
                ("Hours waiting for approval", self.hours), ("Profiles to complete, by school", self.profiles)]

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.sections)


def _aware(moment: datetime | None, now: datetime) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=now.tzinfo)
    return moment


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _rounds(session: Session, consortium_id: int, now: datetime) -> list[Item]:
    items = []
    rounds = session.scalars(sa.select(MatchRound).where(MatchRound.consortium_id == consortium_id,
                                                         MatchRound.state != RoundState.ARCHIVED)
                             .order_by(MatchRound.created_at, MatchRound.id)).all()
    for match_round in rounds:
        args = {"round_id": match_round.id}
        closes = _aware(match_round.ranking_closes_at, now)
        if match_round.state is RoundState.OPEN and closes is not None and closes <= now:
            items.append(Item("round", match_round.name, "Its ranking deadline has passed: close ranking, then solve",
                              "intermediary.round_detail", args, closes))
        elif match_round.state in ROUND_STEPS:
            words, endpoint = ROUND_STEPS[match_round.state]
            items.append(Item("round", match_round.name, words, endpoint, args))
        elif match_round.state is RoundState.PUBLISHED:
            last_solve = session.scalar(sa.select(sa.func.max(SolveRun.finished_at)).where(
                SolveRun.round_id == match_round.id, SolveRun.status == SolveStatus.SUCCEEDED))
            declined = Placement.status == PlacementStatus.DECLINED
            if last_solve is not None:
                declined = sa.and_(declined, Placement.responded_at > last_solve)
            lapsed = sa.and_(Placement.status == PlacementStatus.OFFERED, Placement.expires_at <= now)
            freed = session.scalar(sa.select(sa.func.count(Placement.id)).where(
                Placement.round_id == match_round.id, sa.or_(declined, lapsed)))
            ended = sa.select(sa.func.count(PlacementProgress.id)).join(
                Placement, Placement.id == PlacementProgress.placement_id).where(
                Placement.round_id == match_round.id, PlacementProgress.state == AfterState.ENDED_EARLY)
            if last_solve is not None:
                ended = ended.where(PlacementProgress.updated_at > last_solve)
            ended_early = session.scalar(ended)
            if freed:
                items.append(Item("round", match_round.name, f"{_plural(freed, 'offer')} declined or expired: "
                                  "re-match the places they free", "intermediary.round_detail", args))
            if ended_early:
                items.append(Item("round", match_round.name, f"{_plural(ended_early, 'placement')} ended early: "
                                  "re-match the places they free", "intermediary.round_detail", args))
    return items


def _offers(session: Session, consortium_id: int, now: datetime) -> list[Item]:
    rows = session.execute(
        sa.select(MatchRound.id, MatchRound.name, sa.func.count(Placement.id), sa.func.min(Placement.expires_at))
        .join(Placement, Placement.round_id == MatchRound.id)
        .where(MatchRound.consortium_id == consortium_id, MatchRound.state == RoundState.PUBLISHED,
               Placement.status == PlacementStatus.OFFERED, Placement.expires_at.is_not(None),
               Placement.expires_at > now, Placement.expires_at <= now + EXPIRING_WITHIN)
        .group_by(MatchRound.id, MatchRound.name).order_by(sa.func.min(Placement.expires_at))).all()
    return [Item("offers", name, f"{_plural(n, 'student')} still to answer an offer that expires soon; "
                 "answer for those who cannot sign in", "intermediary.round_review", {"round_id": round_id},
                 _aware(soonest, now)) for round_id, name, n, soonest in rows]


def _concerns(session: Session, consortium_id: int, now: datetime) -> list[Item]:
    rows = session.execute(
        sa.select(AuditEvent.entity_id, AuditEvent.created_at, StudentProfile.first_name, StudentProfile.last_name)
        .join(Placement, Placement.id == AuditEvent.entity_id)
        .join(StudentProfile, StudentProfile.id == Placement.student_id)
        .where(AuditEvent.consortium_id == consortium_id, AuditEvent.entity_type == "placements",
               AuditEvent.action == CONCERN, AuditEvent.created_at >= now - CONCERNS_SINCE)
        .order_by(AuditEvent.created_at.desc())).all()
    return [Item("concern", f"{first} {last}", "An employer raised a concern about this placement (the e-mail "
                 "to the coordinators holds their words): call them", "intermediary.after_placement",
                 {"placement_id": placement_id}, _aware(at, now)) for placement_id, at, first, last in rows]


def _profiles(session: Session, consortium_id: int) -> list[Item]:
    rows = session.execute(
        sa.select(School.id, School.name, sa.func.count(StudentProfile.id))
        .join(StudentProfile, StudentProfile.school_id == School.id)
        .where(School.consortium_id == consortium_id, StudentProfile.withdrawn_at.is_(None),
               sa.not_(complete_profile_clause()))
        .group_by(School.id, School.name).order_by(sa.func.count(StudentProfile.id).desc(), School.name)).all()
    return [Item("profiles", name, f"{_plural(n, 'student')} cannot be matched until their profile is complete",
                 "intermediary.students", {"school": school_id, "profile": "incomplete"})
            for school_id, name, n in rows]


def _readiness(session: Session, consortium_id: int) -> list[Item]:
    return [Item("readiness", school, f"{_plural(len(rows), 'placement')} still getting ready: "
                 + "; ".join(sorted({m for r in rows for m in r.missing}))[:300], "intermediary.after_home")
            for school, rows in not_ready_by_school(session, consortium_id)]


def _hours(session: Session, consortium_id: int) -> list[Item]:
    rows = session.execute(
        sa.select(PlacementProgress.placement_id, StudentProfile.first_name, StudentProfile.last_name,
                  sa.func.count(HoursEntry.id), sa.func.min(HoursEntry.work_date))
        .join(HoursEntry, HoursEntry.progress_id == PlacementProgress.id)
        .join(Placement, Placement.id == PlacementProgress.placement_id)
        .join(StudentProfile, StudentProfile.id == Placement.student_id)
        .where(PlacementProgress.consortium_id == consortium_id, HoursEntry.approved_at.is_(None))
        .group_by(PlacementProgress.placement_id, StudentProfile.first_name, StudentProfile.last_name)
        .order_by(sa.func.min(HoursEntry.work_date))).all()
    return [Item("hours", f"{first} {last}", f"{_plural(n, 'day')} of hours logged since {oldest:%B} {oldest.day} "
                 "wait for the employer's approval", "intermediary.after_placement", {"placement_id": placement_id})
            for placement_id, first, last, n, oldest in rows]


def todo_list(session: Session, consortium_id: int, now: datetime | None = None) -> TodoList:
    """Everything waiting in the consortium, grouped by kind."""
    now = now or utcnow()
    return TodoList(rounds=_rounds(session, consortium_id, now), offers=_offers(session, consortium_id, now),
                    concerns=_concerns(session, consortium_id, now), profiles=_profiles(session, consortium_id),
                    readiness=_readiness(session, consortium_id), hours=_hours(session, consortium_id))
