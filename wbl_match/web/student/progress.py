"""After the match, as the student sees it: their own checklist, hours and evaluations, and their reflection."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.placements import checklist, finding
from wbl_match.services.placements.evaluations import CATEGORIES, RATINGS, submit_reflection
from wbl_match.services.placements.hours import log_hours, placement_totals, student_totals, weeks
from wbl_match.web.after_match import attempt
from wbl_match.web.student import bp
from wbl_match.localisation import local_today


def _own_or_404(placement_id):
    progress = finding.for_student(db.session, current_user, placement_id)
    if progress is None:
        abort(404)
    return progress


def _back(progress):
    return redirect(url_for("student.progress", placement_id=progress.placement_id))


@bp.route("/placements/<int:placement_id>/progress")
@roles_required(Role.STUDENT)
def progress(placement_id):
    found = _own_or_404(placement_id)
    return render_template("student/after/progress.html", progress=found, gaps=checklist.gaps,
                           weeks=weeks(found), totals=placement_totals(found),
                           all_hours=student_totals(db.session, found.placement.student), today=local_today(),
                           categories=CATEGORIES, ratings=RATINGS)


@bp.route("/placements/<int:placement_id>/hours", methods=["POST"])
@roles_required(Role.STUDENT)
def log_my_hours(placement_id):
    found = _own_or_404(placement_id)
    attempt(lambda: log_hours(db.session, current_user._get_current_object(), found, request.form.get("work_date"),
                              request.form.get("hours"), request.form.get("note")),
            gettext("Your hours are saved. Your supervisor approves them each week."))
    return _back(found)


@bp.route("/placements/<int:placement_id>/reflection", methods=["POST"])
@roles_required(Role.STUDENT)
def reflect(placement_id):
    found = _own_or_404(placement_id)
    attempt(lambda: submit_reflection(db.session, current_user._get_current_object(), found,
                                      request.form.get("reflection")), gettext("Your reflection is saved."))
    return _back(found)
