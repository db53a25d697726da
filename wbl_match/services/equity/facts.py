"""What the equity report needs to know of each student in a round, read in a few plain queries."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.domain.places import town_of_zip
from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, MatchRound, Placement, PlacementStatus, Preference, Slot, SolveRun, StudentDemographics,
    StudentProfile,
)
from wbl_match.services import engine_io
from wbl_match.services.rounds.membership import members_clause
from wbl_match.services.rounds.round_rows import gaps_in_round, profile_rows
from wbl_match.matching.travel import haversine_km

#: The demographic fields, in the order the report shows them: (field, title).
DEMOGRAPHIC_FIELDS = (
    ("gender", "Gender"),
    ("race_ethnicity", "Race or ethnicity"),
    ("english_learner", "English learners"),
    ("socioeconomically_disadvantaged", "Socioeconomically disadvantaged"),
    ("foster_youth", "Foster youth"),
    ("students_with_disabilities", "Students with disabilities"),
    ("rural", "Rural"),
)
#: Engine reasons that do not count as a student's main reason: the sector rule follows the student's own
#: choice of career areas, and "no feasible slot" only sums the others up.
NOT_MAIN_REASONS = frozenset({"no_sector_match", "no_feasible_slot"})
DISTANCE_REASON = "too_far"


@dataclass
class StudentFacts:
    """One student of the round's schools, as the report counts them."""

    id: int
    school: str
    home_town: str | None
    complete: bool
    ranked: bool
    placed: bool = False
    #: Travel distance to the placement's site, km (None: not placed, remote, or no coordinates).
    distance_km: float | None = None
    #: What became of the student's latest offer: "accepted", "declined", "withdrawn", "open"; None: no offer.
    offer: str | None = None
    #: The main reason the latest solve gives for not placing the student (None when placed or not explained).
    main_reason: str | None = None
    demographics: StudentDemographics | None = None

    def demographic(self, field: str):
        return getattr(self.demographics, field) if self.demographics is not None else None


def main_reason(entry: dict) -> str | None:
    """The reason code that ruled out the most slots in the student's own career areas (the engine's order
    breaks ties); the first code when only the sector rule or nothing else is given."""
    reasons = entry.get("reasons") or []
    own = [r for r in reasons if r.get("code") not in NOT_MAIN_REASONS]
    if own:
        return max(own, key=lambda r: r.get("slots") or 0)["code"]
    return reasons[0]["code"] if reasons else None


def round_facts(session: Session, match_round: MatchRound, solve: SolveRun | None) -> list[StudentFacts]:
    """One ``StudentFacts`` per student of the round's schools, with the round's placements and offers."""
    profiles = profile_rows(session, match_round)
    ids = sa.select(StudentProfile.id).where(members_clause(match_round))
    zips = dict(session.execute(sa.select(StudentProfile.id, StudentProfile.home_zip)
                                .where(StudentProfile.id.in_(ids))).all())
    ranked = set(session.scalars(sa.select(Preference.student_id).distinct()
                                 .where(Preference.round_id == match_round.id)))
    facts = {p.id: StudentFacts(p.id, p.school_name, town_of_zip(zips.get(p.id)),
                                not gaps_in_round(p, match_round), p.id in ranked)
             for p in profiles}
    for row in session.scalars(sa.select(StudentDemographics).where(StudentDemographics.student_id.in_(ids))):
        if row.student_id in facts:
            facts[row.student_id].demographics = row
    _placements(session, match_round, facts, {p.id: (p.home_lat, p.home_lon) for p in profiles})
    entries = engine_io.unplaced_by_profile((solve.result or {}) if solve else {})
    for student_id, entry in entries.items():
        fact = facts.get(student_id)
        if fact is not None and not fact.placed:
            fact.main_reason = main_reason(entry)
    return list(facts.values())


def _placements(session: Session, match_round: MatchRound, facts: dict[int, StudentFacts], homes: dict) -> None:
    rows = session.execute(
        sa.select(Placement.student_id, Placement.status, Placement.offered_at, Slot.is_remote, Slot.site_lat,
                  Slot.site_lon).join(Slot, Slot.id == Placement.slot_id)
        .where(Placement.round_id == match_round.id).order_by(Placement.id)).all()
    for student_id, status, offered_at, remote, lat, lon in rows:
        fact = facts.get(student_id)
        if fact is None:  # the student's school has left the round since
            continue
        if offered_at is not None:  # the latest offer (rows come in id order) decides the outcome
            fact.offer = "open" if status is PlacementStatus.OFFERED else status.value
        if status in ACTIVE_PLACEMENT_STATUSES:
            fact.placed = True
            home = homes.get(student_id, (None, None))
            if not remote and None not in (*home, lat, lon):
                fact.distance_km = haversine_km(home[0], home[1], lat, lon)
