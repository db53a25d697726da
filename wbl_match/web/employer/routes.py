"""The employer's slots: list, post, edit, duplicate, open, close, delete."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.reference import SECTORS
from wbl_match.services.employers import slots as slot_service
from wbl_match.services.employers.hours import hours_note
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.overview import employer_slots
from wbl_match.web.refusals import field_errors_into, rule_errors_into
from wbl_match.web.employer import bp
from wbl_match.services.employers.slot_consequences import close_consequences, delete_consequences
from wbl_match.web.employer.forms import ActionForm, SlotForm
from wbl_match.web.employer.scoping import own_slot_or_404


def _actor():
    return current_user._get_current_object()


@bp.route("/")
@roles_required(Role.EMPLOYER)
def home():
    slots = employer_slots(db.session, current_user.employer_id)
    return render_template("employer/home.html", employer=current_user.employer, slots=slots, action=ActionForm())


def _hours_note(form) -> str | None:
    return hours_note(db.session, current_user.consortium_id, form.schedule.data, form.term_start.data,
                      form.term_end.data)


def _render_form(form, slot=None):
    status = 422 if request.method == "POST" else 200
    return render_template("employer/slot_form.html", form=form, slot=slot, sectors=SECTORS,
                           hours_note=_hours_note(form)), status


@bp.route("/slots/hours", methods=["POST"])
@roles_required(Role.EMPLOYER)
def slot_hours():
    """The ages the schedule being filled in is open to (the slot form asks as the grid changes)."""
    form = SlotForm()
    form.validate()  # reads the schedule and dates; the other fields do not matter here
    return render_template("employer/_hours_note.html", hours_note=_hours_note(form))


@bp.route("/slots/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new_slot():
    form = SlotForm()
    if form.validate_on_submit():
        try:
            slot = slot_service.post_slot(db.session, _actor(), current_user.employer, form.to_input())
        except FieldErrors as errors:
            field_errors_into(form, errors.errors)
        else:
            flash(f"“{slot.title}” is saved as a draft. Open it when you are ready for students.", "success")
            return redirect(url_for("employer.home"))
    elif request.method == "POST":
        rule_errors_into(form, lambda: slot_service.check_slot_input(db.session, form.to_input()))
    return _render_form(form)


@bp.route("/slots/<int:slot_id>/edit", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit_slot(slot_id):
    slot = own_slot_or_404(slot_id)
    form = SlotForm() if request.method == "POST" else SlotForm.for_slot(slot)
    if form.validate_on_submit():
        try:
            slot_service.update_slot(db.session, _actor(), slot, form.to_input())
        except FieldErrors as errors:
            field_errors_into(form, errors.errors)
        else:
            flash(f"“{slot.title}” is saved.", "success")
            return redirect(url_for("employer.home"))
    elif request.method == "POST":
        rule_errors_into(form, lambda: slot_service.check_slot_input(db.session, form.to_input(), slot))
    return _render_form(form, slot)


def _state_change(slot_id, change, message):
    """Run a state change on one of the employer's slots and come back to the list with what happened."""
    slot = own_slot_or_404(slot_id)
    title = slot.title
    if not ActionForm().validate_on_submit():
        flash("The page had expired. Please try again.", "error")
        return redirect(url_for("employer.home"))
    try:
        result = change(db.session, _actor(), slot)
    except Refused as refusal:
        flash(refusal.message, "error")
    else:
        flash(message(result.title if result is not None else title), "success")
    return redirect(url_for("employer.home"))


@bp.route("/slots/<int:slot_id>/duplicate", methods=["POST"])
@roles_required(Role.EMPLOYER)
def duplicate_slot(slot_id):
    return _state_change(slot_id, slot_service.duplicate_slot, lambda t: f"A draft copy “{t}” is added.")


@bp.route("/slots/<int:slot_id>/open", methods=["POST"])
@roles_required(Role.EMPLOYER)
def open_slot(slot_id):
    return _state_change(slot_id, slot_service.open_slot, lambda t: f"“{t}” is open to students.")


@bp.route("/slots/<int:slot_id>/close", methods=["POST"])
@roles_required(Role.EMPLOYER)
def close_slot(slot_id):
    return _state_change(slot_id, slot_service.close_slot,
                         lambda t: f"“{t}” is closed. To undo, press “Open to students” beside it.")


def _confirm(slot, verb: str, consequences: list[str], endpoint: str, allowed: bool = True):
    return render_template("confirm.html", title=f"{verb} “{slot.title}”?", lead=None, consequences=consequences,
                           allowed=allowed, back=url_for("employer.home"), back_label="Our slots",
                           action=url_for(endpoint, slot_id=slot.id), confirm_label=f"{verb} the slot")


@bp.route("/slots/<int:slot_id>/close", methods=["GET"])
@roles_required(Role.EMPLOYER)
def close_slot_confirm(slot_id):
    slot = own_slot_or_404(slot_id)
    return _confirm(slot, "Close", close_consequences(db.session, slot), "employer.close_slot")


@bp.route("/slots/<int:slot_id>/delete", methods=["GET"])
@roles_required(Role.EMPLOYER)
def delete_slot_confirm(slot_id):
    slot = own_slot_or_404(slot_id)
    lines = delete_consequences(db.session, slot)
    return _confirm(slot, "Delete", lines, "employer.delete_slot", allowed=lines[0] != slot_service.IN_A_ROUND)


@bp.route("/slots/<int:slot_id>/delete", methods=["POST"])
@roles_required(Role.EMPLOYER)
def delete_slot(slot_id):
    return _state_change(slot_id, slot_service.delete_slot, lambda t: f"“{t}” is deleted.")
