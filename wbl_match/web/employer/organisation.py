"""The organisation's profile and its contact people."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from wbl_match.access import roles_required
from wbl_match.extensions import db
from wbl_match.models import Role
from wbl_match.services.employers import organisation as organisations
from wbl_match.services.errors import FieldErrors
from wbl_match.web.refusals import field_errors_into
from wbl_match.web.employer import bp
from wbl_match.web.employer.forms import ActionForm, ContactForm, OrganisationForm
from wbl_match.web.employer.scoping import own_contact_or_404


def _status() -> int:
    return 422 if request.method == "POST" else 200


@bp.route("/organisation", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def organisation():
    employer = current_user.employer
    form = OrganisationForm(obj=employer)
    if form.validate_on_submit():
        try:
            organisations.update_organisation(db.session, current_user._get_current_object(), employer,
                                              form.to_input())
        except FieldErrors as errors:
            field_errors_into(form, errors.errors)
        else:
            flash("The organisation's profile is saved.", "success")
            return redirect(url_for("employer.organisation"))
    return render_template("employer/organisation.html", form=form, employer=employer, action=ActionForm()), _status()


@bp.route("/contacts/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new_contact():
    return _contact_form(None)


@bp.route("/contacts/<int:contact_id>/edit", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit_contact(contact_id):
    return _contact_form(own_contact_or_404(contact_id))


def _contact_form(contact):
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        try:
            organisations.save_contact(db.session, current_user._get_current_object(), current_user.employer,
                                       form.to_input(), contact)
        except FieldErrors as errors:
            field_errors_into(form, errors.errors)
        else:
            flash("The contact is saved.", "success")
            return redirect(url_for("employer.organisation"))
    return render_template("employer/contact_form.html", form=form, contact=contact), _status()


@bp.route("/contacts/<int:contact_id>/delete", methods=["POST"])
@roles_required(Role.EMPLOYER)
def delete_contact(contact_id):
    contact = own_contact_or_404(contact_id)
    if ActionForm().validate_on_submit():
        organisations.delete_contact(db.session, current_user._get_current_object(), contact)
        flash("The contact is removed.", "success")
    return redirect(url_for("employer.organisation"))
