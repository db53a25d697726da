"""Hand-made rounds for the equity report tests: groups of students with set demographics and outcomes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from wbl_match.models import (
    MatchRound, Placement, PlacementStatus, RoundState, SolveRun, SolveStatus, StudentDemographics,
)
from wbl_match.models.base import utcnow
from wbl_match.services import engine_io

TOO_FAR = [{"code": "no_sector_match", "slots": 9, "message": "Other career areas."},
           {"code": "too_far", "slots": 3, "message": "Too far."},
           {"code": "no_feasible_slot", "slots": 0, "message": "Nothing fits."}]
TAKEN = [{"code": "capacity_taken", "slots": 2, "message": "Filled by others."}]


@dataclass
class Cohort:
    """``size`` students with ``demographics`` (None: no demographics row at all), of whom ``placed`` are placed.

    ``offers`` gives the status of the first placed students' offers ("accepted", "declined", …); the
    unplaced ones get the engine reasons ``reasons``.
    """

    size: int
    placed: int = 0
    demographics: dict | None = field(default_factory=dict)
    offers: tuple[str, ...] = ()
    reasons: list = field(default_factory=lambda: TOO_FAR)
    home: tuple[float, float] = (36.33, -119.29)
    school: object = None


def equity_round(session, consortium, make_school, make_student, make_slot, cohorts: list[Cohort], *,
                 solved: bool = True) -> MatchRound:
    """A round of one school (more when cohorts name theirs), one big slot, and a stored solve result."""
    school = make_school(name="North High")
    slot = make_slot(capacity=500, site_lat=36.33, site_lon=-119.39)
    schools = {school.id: school}
    people = []
    for cohort in cohorts:
        home_school = cohort.school or school
        schools[home_school.id] = home_school
        for index in range(cohort.size):
            student = make_student(school_id=home_school.id, home_lat=cohort.home[0], home_lon=cohort.home[1])
            if cohort.demographics is not None:
                session.add(StudentDemographics(student_id=student.id, **cohort.demographics))
            people.append((cohort, index, student))
    match_round = MatchRound(consortium_id=consortium.id, name="Equity test round", term_start=date(2027, 6, 14),
                             schools=list(schools.values()), slots=[slot],
                             state=RoundState.PUBLISHED if any(c.offers for c in cohorts) else RoundState.SOLVED)
    session.add(match_round)
    session.flush()
    unplaced = []
    for cohort, index, student in people:
        if index < cohort.placed:
            session.add(_placement(match_round, student, slot, cohort.offers[index] if index < len(cohort.offers)
                                   else None))
        else:
            unplaced.append({"student": engine_io.student_key(student.id), "reasons": cohort.reasons})
    if solved:
        session.add(SolveRun(round_id=match_round.id, status=SolveStatus.SUCCEEDED, round_file={},
                             result={"placements": [], "unplaced": unplaced,
                                     "objective": {"placed": len(people) - len(unplaced)}}, finished_at=utcnow()))
    else:
        match_round.state = RoundState.CLOSED
    session.commit()
    return match_round


def _placement(match_round, student, slot, offer: str | None) -> Placement:
    if offer is None:
        return Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id)
    status = PlacementStatus.OFFERED if offer == "open" else PlacementStatus(offer)
    return Placement(round_id=match_round.id, student_id=student.id, slot_id=slot.id, status=status,
                     offered_at=utcnow())
