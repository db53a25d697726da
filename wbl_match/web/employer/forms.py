"""Employer forms. Types and lengths are checked here; the rules (ZIP, capacity, schedule, certifications) are
those of ``wbl_match.domain``, applied by the services (and shown by the form where it checks the same bound)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DecimalField, EmailField, FloatField, IntegerField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, Optional

from wbl_match.domain.capacity import capacity_problem
from wbl_match.domain.places import latitude_problem, located_by_zip, longitude_problem
from wbl_match.domain.requirements import min_age_problem
from wbl_match.domain.wages import wage_problem
from wbl_match.services.employers.organisation import ContactInput, OrganisationInput
from wbl_match.services.employers.slots import SlotInput
from wbl_match.web.choices import certification_choices, grade_choices, pathway_choices, sector_choices
from wbl_match.web.fields import (
    ByRule, FiniteDecimalField, FiniteFloatField, MultiCheckboxField, OtherCertificationsField, split_common,
)
from wbl_match.web.schedule_grid import ScheduleField


def dollars_to_cents(dollars) -> int | None:
    """Dollars as typed (a Decimal) in whole cents; a value that is not a finite amount becomes one the wage
    rule refuses (``-1``), so ``sNaN`` or ``Infinity`` get the rule's message, never an error page."""
    if dollars is None:
        return None
    try:
        return int((dollars * 100).to_integral_value()) if dollars.is_finite() and abs(dollars) < 10**9 else -1
    except (ArithmeticError, AttributeError):
        return -1


class SlotForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the slot a title."), Length(max=200)])
    description = TextAreaField("What the student will do", validators=[Optional(), Length(max=5000)])
    sector_code = SelectField("Sector", choices=sector_choices(), validators=[DataRequired("Choose a sector.")])
    pathway_code = SelectField("Pathway", choices=pathway_choices(), validators=[Optional()])
    extra_pathway_codes = SelectMultipleField("Also open to students of", choices=pathway_choices()[1:],
                                              validate_choice=False)
    is_remote = BooleanField("The student can work remotely")
    site_address = StringField("Street address", validators=[Optional(), Length(max=300)])
    site_city = StringField("City", validators=[Optional(), Length(max=100)])
    site_zip = StringField("ZIP code", validators=[Optional(), Length(max=10)])
    site_lat = FiniteFloatField("Latitude", validators=[Optional(), ByRule(latitude_problem)])
    site_lon = FiniteFloatField("Longitude", validators=[Optional(), ByRule(longitude_problem)])
    schedule = ScheduleField("Weekly schedule")
    term_start = DateField("First day", validators=[Optional()])
    term_end = DateField("Last day", validators=[Optional()])
    capacity = IntegerField("How many students", default=1, validators=[
        InputRequired("Say how many students the slot takes."), ByRule(capacity_problem)])
    is_paid = BooleanField("Paid")
    hourly_wage = FiniteDecimalField("Hourly wage ($)", places=2, validators=[Optional(), ByRule(wage_problem, dollars_to_cents)])
    min_grade = SelectField("Lowest grade", choices=grade_choices(), validators=[Optional()])
    min_age = IntegerField("Minimum age", validators=[Optional(), ByRule(min_age_problem)])
    required_certifications = MultiCheckboxField("Required certifications", choices=certification_choices())
    other_required_certifications = OtherCertificationsField("Other required certifications")
    what_to_bring = TextAreaField("What to bring on the first day", validators=[Optional(), Length(max=2000)])
    safety_attested = BooleanField("I confirm that a named adult supervises the student at all times, and that "
                                   "our liability and workers' compensation insurance cover work-based learners.")

    #: The service's messages about the certifications go beside the text field where names are typed.
    error_fields = {"required_certifications": "other_required_certifications"}

    def to_input(self) -> SlotInput:
        wage = self.hourly_wage.data
        return SlotInput(
            title=self.title.data or "", sector_code=self.sector_code.data or "", capacity=self.capacity.data,
            schedule=self.schedule.data or [], description=self.description.data or "",
            pathway_code=self.pathway_code.data or None, is_remote=self.is_remote.data,
            extra_pathway_codes=list(self.extra_pathway_codes.data or []),
            site_address=self.site_address.data, site_city=self.site_city.data, site_zip=self.site_zip.data,
            site_lat=self.site_lat.data, site_lon=self.site_lon.data, term_start=self.term_start.data,
            term_end=self.term_end.data, is_paid=self.is_paid.data,
            hourly_wage_cents=dollars_to_cents(wage),
            min_grade=int(self.min_grade.data) if self.min_grade.data else None, min_age=self.min_age.data,
            required_certifications=(list(self.required_certifications.data or [])
                                     + self.other_required_certifications.names()),
            what_to_bring=self.what_to_bring.data, safety_attested=self.safety_attested.data)

    @classmethod
    def for_slot(cls, slot):
        form = cls(obj=slot, schedule=[(s.day, s.start_minute, s.end_minute) for s in slot.shifts],
                   safety_attested=slot.safety_attested_at is not None,
                   hourly_wage=(slot.hourly_wage_cents / 100) if slot.hourly_wage_cents is not None else None)
        # Attributes of the slot win over keyword arguments in WTForms, so convert this one after.
        form.min_grade.data = str(slot.min_grade) if slot.min_grade else ""
        form.required_certifications.data, form.other_required_certifications.data = split_common(
            slot.required_certifications)
        if located_by_zip(slot.site_zip, slot.site_lat, slot.site_lon):
            # Coordinates that came from the ZIP stay blank, so that a changed ZIP moves the site.
            form.site_lat.data = form.site_lon.data = None
        return form


class OrganisationForm(FlaskForm):
    name = StringField("Organisation name", validators=[DataRequired("Enter the organisation's name."),
                                                        Length(max=200)])
    description = TextAreaField("About the organisation", validators=[Optional(), Length(max=5000)])
    website = StringField("Website", validators=[Optional(), Length(max=300), URL(message="Enter a web address like https://example.org.")])
    address = StringField("Street address", validators=[Optional(), Length(max=300)])
    city = StringField("City", validators=[Optional(), Length(max=100)])
    zip = StringField("ZIP code", validators=[Optional(), Length(max=10)])

    def to_input(self) -> OrganisationInput:
        return OrganisationInput(name=self.name.data or "", description=self.description.data,
                                 website=self.website.data, address=self.address.data, city=self.city.data,
                                 zip=self.zip.data)


class ContactForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the person's name."), Length(max=200)])
    title = StringField("Job title", validators=[Optional(), Length(max=200)])
    email = EmailField("E-mail", validators=[Optional(), Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=40)])
    is_primary = BooleanField("Main contact")

    def to_input(self) -> ContactInput:
        return ContactInput(name=self.name.data or "", title=self.title.data, email=self.email.data,
                            phone=self.phone.data, is_primary=self.is_primary.data)


class ConcernForm(FlaskForm):
    message = TextAreaField("What worries you", validators=[DataRequired("Say what worries you."),
                                                           Length(max=2000)])


class ActionForm(FlaskForm):
    """A form with only its CSRF token, for buttons that change state (open, close, delete, confirm)."""
