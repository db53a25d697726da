"""The CALPADS WBLR export of the consortium's schools: one internship record per finished placement.

A placement is reported in the academic year (1 July – 30 June) in which it ended, completed or ended
early, with the supervisor's approved hours (rounded to whole hours) and the final evaluation's overall
rating, or "Not Provided by Employer" when there is none. The file is checked by ``wblr_validator`` and
refused while any row is bad (``WblrExport.problems`` names them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import AfterState, Placement, PlacementProgress, School, StudentProfile, User
from wbl_match.services.audit import record_event
from wbl_match.services.tenancy import find_in_consortium
from wbl_match.services.errors import FieldErrors, Refused, rolls_back_refusals
from wbl_match.services.placements.evaluations import final_overall
from wbl_match.services.placements.hours import placement_totals
from wbl_match.services.reporting.wblr_spec import DELIMITER, FIELDS, INTERNSHIP, NOT_PROVIDED, RECORD_TYPE
from wbl_match.services.reporting.wblr_validator import Problem, validate


@dataclass(frozen=True)
class WblrOptions:
    """What the coordinator chooses for the file: the academic year, one school or all, and the answers the
    service cannot know (whether the LEA sponsors the internships, whether a certificated staff member
    supervises them, the state course code they are embedded in)."""

    academic_year: str
    school_id: int | None = None
    lea_sponsored: str = "Y"
    certified_supervised: str = "N"
    state_course_code: str = ""


@dataclass
class WblrExport:
    options: WblrOptions
    rows: list[list[str]] = field(default_factory=list)
    #: The student of each row (for the coordinator's list of bad rows; never written to the file).
    students: list[StudentProfile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(DELIMITER.join(row) + "\r\n" for row in self.rows)

    def student_of(self, problem: Problem) -> StudentProfile:
        return self.students[problem.row - 1]


def academic_year_of(day: date) -> str:
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{start + 1}"


def year_bounds(academic_year: str) -> tuple[date, date]:
    try:
        first, second = (int(part) for part in academic_year.split("-"))
    except ValueError:
        raise FieldErrors.single("academic_year", "Choose the academic year, like 2026-2027.") from None
    if second != first + 1 or not 2000 <= first <= 2100:
        raise FieldErrors.single("academic_year", "Choose the academic year, like 2026-2027.")
    return date(first, 7, 1), date(second, 6, 30)


def finished_placements(session: Session, consortium_id: int, options: WblrOptions) -> list[PlacementProgress]:
    """Placements that ended in the year, of the consortium's schools (or the one chosen)."""
    first, last = year_bounds(options.academic_year)
    query = (sa.select(PlacementProgress).join(Placement, Placement.id == PlacementProgress.placement_id)
             .join(StudentProfile, StudentProfile.id == Placement.student_id)
             .where(PlacementProgress.consortium_id == consortium_id,
                    PlacementProgress.state.in_((AfterState.COMPLETED, AfterState.ENDED_EARLY)),
                    PlacementProgress.ended_on.between(first, last))
             .options(selectinload(PlacementProgress.hours), selectinload(PlacementProgress.evaluations))
             .order_by(StudentProfile.school_id, StudentProfile.external_id, PlacementProgress.id))
    if options.school_id is not None:
        query = query.where(StudentProfile.school_id == options.school_id)
    return list(session.scalars(query))


def _record(progress: PlacementProgress, options: WblrOptions) -> list[str]:
    placement = progress.placement
    student, school = placement.student, placement.student.school
    hours = round(placement_totals(progress).approved_minutes / 60)
    overall = final_overall(progress)
    values = {
        "Record Type Code": RECORD_TYPE, "Transaction Type Code": "", "Local Record ID": f"WBLM{placement.id}",
        "Reporting LEA": school.cds_code[:7], "School of Attendance": school.cds_code[7:],
        "School of Attendance NPS": "", "Academic Year ID": options.academic_year, "SSID": student.external_id,
        "Local Student ID": "", "Work-Based Learning Type Code": INTERNSHIP, "Internship ID": f"WBLM-{placement.id}",
        "Work-Based Learning Hours - External": str(hours),
        "Internship-Employer Performance Evaluation Code": str(overall) if overall else NOT_PROVIDED,
        "Internship - LEA Sponsored Indicator": options.lea_sponsored,
        "Internship - Certified Supervised Indicator": options.certified_supervised,
        "State Course Code - Embedded Work-Based Learning": options.state_course_code.strip(),
    }
    return [values[f.name] for f in FIELDS]


def build_wblr(session: Session, consortium_id: int, options: WblrOptions) -> WblrExport:
    """The file's rows for the year and school(s), each checked by the validator."""
    if options.school_id is not None:
        if find_in_consortium(session, School, options.school_id, consortium_id) is None:
            raise FieldErrors.single("school_id", "Choose one of your consortium's schools.")
    export = WblrExport(options)
    for progress in finished_placements(session, consortium_id, options):
        export.rows.append(_record(progress, options))
        export.students.append(progress.placement.student)
    export.problems = validate(export.rows)
    return export


@rolls_back_refusals
def download_wblr(session: Session, actor: User, options: WblrOptions) -> WblrExport:
    """The export, only when every row is valid (``Refused`` otherwise); audited."""
    export = build_wblr(session, actor.consortium_id, options)
    if export.problems:
        raise Refused(f"The file has {len(export.problems)} problem(s); correct them before downloading.")
    record_event(session, actor, "report.wblr_downloaded", entity_type="consortia", entity_id=actor.consortium_id,
                 academic_year=options.academic_year, school_id=options.school_id, rows=len(export.rows))
    session.commit()
    return export
