"""The supervisor's mid-point and final evaluations, the student's reflection and the employer's
"would host again".

The categories and scale are those of the California Department of Education's *Student Internship
Evaluation Form* template and scoring guide (https://www.cde.ca.gov/ta/ac/cm/studinternevalform.asp): three
core categories, each rated 1 *Does Not Meet Expectations*, 2 *Partially Meets Expectations*, 3 *Meets
Expectations*, 4 *Above Expectations*, or N/A *No Opportunity to Observe*; and an overall rating, which is
what the state's WBLR file reports (``services/reporting/wblr.py``).
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from wbl_match.languages import N_
from wbl_match.models import AfterState, EvaluationKind, PlacementEvaluation, PlacementProgress, Role, User
from wbl_match.models.base import utcnow
from wbl_match.services.audit import record_event
from wbl_match.services.errors import Collector, Refused, rolls_back_refusals

#: (column, category name, what it covers) in the CDE template's order.
CATEGORIES = (
    ("foundational", "Foundational Skills",
     "locating and evaluating information, listening, workplace safety, problem solving, oral and written "
     "communication, attention to detail, grasping concepts, following workplace guidelines"),
    ("applied_workplace", "Applied Workplace Skills",
     "teamwork, using the tools and technology of the job, quality of work, customer and client service"),
    ("self_management", "Self-Management and Personal Responsibility",
     "attendance and punctuality, initiative, accepting feedback, professional conduct and appearance"),
)
RATINGS = {1: "Does not meet expectations", 2: "Partially meets expectations", 3: "Meets expectations",
           4: "Above expectations"}
NOT_OBSERVED = "No opportunity to observe"
#: Without a term end, the final evaluation falls due this long after the start.
DEFAULT_LENGTH = timedelta(days=42)


def due_dates(start: date, end: date | None) -> dict[EvaluationKind, date]:
    """Mid-point halfway through, final on the last day."""
    end = end if end is not None and end >= start else start + DEFAULT_LENGTH
    return {EvaluationKind.MIDPOINT: start + (end - start) / 2, EvaluationKind.FINAL: end}


def schedule_evaluations(progress: PlacementProgress) -> None:
    """Give a starting placement its two evaluations with their due dates (the caller commits)."""
    have = {e.kind for e in progress.evaluations}
    for kind, due in due_dates(progress.start_on, progress.placement.slot.term_end).items():
        if kind not in have:
            progress.evaluations.append(PlacementEvaluation(kind=kind, due_on=due))


def evaluation(progress: PlacementProgress, kind: EvaluationKind) -> PlacementEvaluation:
    found = next((e for e in progress.evaluations if e.kind is kind), None)
    if found is None:
        raise Refused("Evaluations open once the placement has started.")
    return found


def _rating(errors: Collector, field: str, value: str | None, allow_na: bool = True) -> int | None:
    text = (value or "").strip()
    if text in ("", "na") and allow_na:
        return None
    if text.isdigit() and int(text) in RATINGS:
        return int(text)
    errors.add(field, "Choose a rating from the list." if allow_na else "Choose the overall rating, 1 to 4.")
    return None


@rolls_back_refusals
def submit_evaluation(session: Session, actor: User, progress: PlacementProgress, kind: EvaluationKind,
                      answers: dict[str, str | None]) -> PlacementEvaluation:
    """The supervisor submits (or corrects) an evaluation; a final one also answers "would host again"."""
    if actor.role is not Role.EMPLOYER or progress.placement.slot.employer_id != actor.employer_id:
        raise Refused("Only the placement's employer evaluates the student.")
    if progress.state not in (AfterState.STARTED, AfterState.COMPLETED, AfterState.ENDED_EARLY):
        raise Refused("Evaluations open once the placement has started.")
    found = evaluation(progress, kind)
    errors = Collector()
    ratings = {column: _rating(errors, column, answers.get(column)) for column, _, _ in CATEGORIES}
    overall = _rating(errors, "overall", answers.get("overall"), allow_na=False)
    comments = (answers.get("comments") or "").strip()
    if len(comments) > 4000:
        errors.add("comments", "Keep the comments under 4,000 characters.")
    host_again = answers.get("would_host_again")
    if kind is EvaluationKind.FINAL and host_again not in ("yes", "no"):
        errors.add("would_host_again", "Say whether you would host a student again.")
    errors.raise_if_any()
    was_submitted = found.submitted_at is not None
    for column, value in ratings.items():
        setattr(found, column, value)
    found.overall, found.comments = overall, comments or None
    found.submitted_at, found.submitted_by_id = utcnow(), actor.id
    if kind is EvaluationKind.FINAL:
        progress.would_host_again = host_again == "yes"
    record_event(session, actor, "evaluation.corrected" if was_submitted else "evaluation.submitted", progress,
                 placement_id=progress.placement_id, kind=kind.value, overall=overall)
    session.commit()
    return found


@rolls_back_refusals
def submit_reflection(session: Session, actor: User, progress: PlacementProgress, text: str | None) -> None:
    """The student writes (or rewrites) their reflection on the placement."""
    if actor.role is not Role.STUDENT or progress.placement.student.user_id != actor.id:
        raise Refused("Only the student writes their reflection.")
    if progress.state not in (AfterState.STARTED, AfterState.COMPLETED, AfterState.ENDED_EARLY):
        raise Refused(N_("You can write your reflection once the placement has started."))
    text = (text or "").strip()
    if not 20 <= len(text) <= 4000:
        raise Refused(N_("Write a few sentences (20 to 4,000 characters) about what you did and learned."))
    progress.reflection, progress.reflected_at = text, utcnow()
    record_event(session, actor, "reflection.written", progress, placement_id=progress.placement_id)
    session.commit()


def final_overall(progress: PlacementProgress) -> int | None:
    """The final evaluation's overall rating, or None when the employer provided none."""
    final = next((e for e in progress.evaluations if e.kind is EvaluationKind.FINAL), None)
    return final.overall if final is not None and final.submitted_at is not None else None
