"""The students directory: find a student when a parent or counsellor calls, see their record, withdraw or
reinstate them. Thin views over ``services.student_directory`` and ``services.withdrawals``."""
from __future__ import annotations

from flask import Response, abort, flash, json, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role, StudentProfile, WithdrawalReason
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.students.directory import (
    STATUSES, DirectoryFilters, load_student, school_choices, search_students, student_record,
)
from wbl_match.services.students.reads import everything_about, record_view
from wbl_match.services.students.withdrawals import withdraw_student, reinstate_student
from wbl_match.web.intermediary import bp

STAFF = (Role.INTERMEDIARY, Role.ADMIN)
GRADES = (9, 10, 11, 12)


class WithdrawForm(FlaskForm):
    reason = RadioField("Why is the student withdrawn?", validate_choice=False,
                        choices=[SelectChoice(r.value, r.label) for r in WithdrawalReason])
    note = TextAreaField("In a few words (needed for “Other”)")


class ReinstateForm(FlaskForm):
    """Only the CSRF token."""


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value and 0 < value < 2**31 else None


def _filters() -> DirectoryFilters:
    complete = {"complete": True, "incomplete": False}.get(request.args.get("profile", ""))
    status = request.args.get("status", "active")
    grade = _int_arg("grade")
    return DirectoryFilters(query=(request.args.get("q") or "")[:100], school_id=_int_arg("school"),
                            grade=grade if grade in GRADES else None, complete=complete,
                            status=status if status in STATUSES else "active", page=_int_arg("page") or 1)


@bp.route("/students")
@roles_required(*STAFF)
def students():
    filters = _filters()
    found = search_students(db.session, current_user.consortium_id, filters)
    arguments = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("intermediary/students.html", found=found, filters=filters, arguments=arguments,
                           schools=school_choices(db.session, current_user.consortium_id), grades=GRADES,
                           profile_filter=request.args.get("profile", ""))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _student_or_404(student_id: int) -> StudentProfile:
    student = load_student(db.session, current_user.consortium_id, student_id)
    if student is None:
        abort(404)
    return student


@bp.route("/students/<int:student_id>")
@roles_required(*STAFF)
def student(student_id: int):
    profile = _student_or_404(student_id)
    # Demographics are equity-reporting data: for intermediaries alone, not for administrators.
    record = student_record(db.session, profile, with_demographics=current_user.role is Role.INTERMEDIARY)
    record_view(db.session, current_user._get_current_object(), profile)
    return render_template("intermediary/student.html", record=record, profile=profile,
                           show_demographics=current_user.role is Role.INTERMEDIARY, reinstate_form=ReinstateForm())


@bp.route("/students/<int:student_id>/everything.json")
@roles_required(Role.INTERMEDIARY)
def student_everything(student_id: int):
    """Everything held about one student, for a family's request (audited)."""
    profile = _student_or_404(student_id)
    held = everything_about(db.session, current_user._get_current_object(), profile)
    name = f"wbl_match-student-{profile.id}.json"
    return Response(json.dumps(held, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.route("/students/<int:student_id>/withdraw", methods=["GET", "POST"])
@roles_required(*STAFF)
def withdraw(student_id: int):
    profile = _student_or_404(student_id)
    form = WithdrawForm()
    refusal = None
    if profile.is_withdrawn:
        refusal = f"{profile.display_name} was already withdrawn on {profile.withdrawn_at:%d %B %Y}."
    if request.method == "POST" and form.validate() and refusal is None:
        try:
            done = withdraw_student(db.session, current_user._get_current_object(), profile, form.reason.data,
                                    form.note.data)
        except FieldErrors as errors:
            for name, messages in errors.errors.items():
                getattr(form, name).errors = list(getattr(form, name).errors) + messages
        except Refused as refused:
            refusal = refused.message
        else:
            flash(f"{profile.display_name} is withdrawn: {_count(done.placements, 'placement')} withdrawn, "
                  f"{_count(done.rankings, 'ranked slot')} removed"
                  f"{', sign-in account switched off' if done.account_closed else ''}.", "success")
            return redirect(url_for("intermediary.student", student_id=profile.id))
    status = 422 if request.method == "POST" else 200
    if refusal and request.method == "POST":
        status = 409
    return render_template("intermediary/student_withdraw.html", profile=profile, form=form,
                           refusal=refusal), status


@bp.route("/students/<int:student_id>/reinstate", methods=["POST"])
@roles_required(*STAFF)
def reinstate(student_id: int):
    profile = _student_or_404(student_id)
    form = ReinstateForm()
    if not form.validate():
        abort(400)
    try:
        reinstate_student(db.session, current_user._get_current_object(), profile)
    except Refused as refused:
        flash(refused.message, "error")
    else:
        flash(f"{profile.display_name} takes part again. Their sign-in account stays off until you invite "
              f"them again.", "success")
    return redirect(url_for("intermediary.student", student_id=profile.id))
