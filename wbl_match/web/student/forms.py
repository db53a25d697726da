"""The student's pathway profile form. Types here; the rules (ZIP, sectors, limits) in services.profiles."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from wbl_match import languages, localisation
from wbl_match.domain.profiles import MAX_KM, MAX_MINUTES, MIN_KM, MIN_MINUTES, REQUESTS, SECTORS, TRAVEL_MODE
from wbl_match.services.students.profiles import ProfileInput
from wbl_match.web.choices import (
    certification_choices, language_choices, pathway_choices, sector_choices, travel_choices,
)
from wbl_match.web.languages import current_language
from wbl_match.web.fields import FiniteFloatField, MultiCheckboxField, OtherCertificationsField, split_common
from wbl_match.web.schedule_grid import ScheduleField


class ProfileForm(FlaskForm):
    pathway_code = SelectField(_l("My pathway"), choices=pathway_choices(), validators=[Optional()])
    # The rule's own requests (``domain.profiles``), in the page's language.
    sector_1 = SelectField(_l("First choice"), choices=sector_choices(), validators=[
        DataRequired(_l(REQUESTS[SECTORS][1]))])
    sector_2 = SelectField(_l("Second choice"), choices=sector_choices(_l("No second choice")),
                           validators=[Optional()])
    sector_3 = SelectField(_l("Third choice"), choices=sector_choices(_l("No third choice")),
                           validators=[Optional()])
    home_zip = StringField(_l("Home ZIP code"), validators=[DataRequired(_l("Enter your home ZIP code.")),
                                                            Length(max=10)])
    travel_mode = SelectField(_l("How I travel"), choices=travel_choices(), validators=[
        DataRequired(_l(REQUESTS[TRAVEL_MODE][1]))])
    max_minutes = IntegerField(_l("Longest trip, minutes"), validators=[
        Optional(), NumberRange(MIN_MINUTES, MAX_MINUTES, _l("Give a time from %(low)s to %(high)s minutes.",
                                                             low=MIN_MINUTES, high=MAX_MINUTES))])
    #: Typed in the configured unit (miles by default), kept in km: see ``distance_km``. The bounds are the
    #: profile rule's (``domain.profiles``), said in the reader's unit.
    max_km = FiniteFloatField(_l("Or farthest distance"), validators=[Optional()])
    #: The kilometres the shown distance was rounded from, so that saving it unchanged changes nothing.
    max_km_kept = HiddenField()
    availability = ScheduleField(_l("When I can work"))
    certifications = MultiCheckboxField(_l("Certifications I hold"), choices=certification_choices())
    other_certifications = OtherCertificationsField(_l("Other certifications"))
    language = SelectField(_l("My language"), choices=language_choices(), validators=[Optional()])
    guardian_language = SelectField(_l("My parent or guardian's language"), choices=language_choices(),
                                    validators=[Optional()])

    #: The service's messages about the certifications go beside the text field where names are typed.
    error_fields = {"certifications": "other_certifications"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = current_app.config["DISTANCE_UNIT"]
        self.max_km.label.text = gettext("Or farthest distance, miles") if unit == "mi" \
            else gettext("Or farthest distance, km")

    def validate_max_km(self, field) -> None:
        """The profile rule's distance bounds, in the unit the student types."""
        if field.data is None:
            return
        unit = current_app.config["DISTANCE_UNIT"]
        low, high = (localisation.km_to(unit, bound) for bound in (MIN_KM, MAX_KM))
        if not low - 1e-9 <= field.data <= high + 1e-9:
            message = gettext("Give a distance from %(low)s to %(high)s miles.") if unit == "mi" \
                else gettext("Give a distance from %(low)s to %(high)s km.")
            raise ValidationError(message % {"low": f"{low:.1f}", "high": f"{high:.0f}"})

    @classmethod
    def for_profile(cls, profile):
        sectors = [i.sector_code for i in profile.interests] + ["", "", ""]
        form = cls(obj=profile, sector_1=sectors[0], sector_2=sectors[1], sector_3=sectors[2])
        # Attributes of the profile win over keyword arguments in WTForms, so convert these after.
        form.travel_mode.data = profile.travel_mode.value if profile.travel_mode else ""
        form.language.data = profile.language or current_language()
        form.guardian_language.data = profile.guardian_language or form.language.data
        if profile.max_km is not None:
            shown = localisation.km_to(current_app.config["DISTANCE_UNIT"], profile.max_km)
            form.max_km.data = round(shown, 1)
            form.max_km_kept.data = repr(profile.max_km)
        form.availability.data = [(a.day, a.start_minute, a.end_minute) for a in profile.availability]
        form.certifications.data, form.other_certifications.data = split_common(profile.certifications)
        return form

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            pathway_code=self.pathway_code.data or None,
            sectors=[self.sector_1.data or "", self.sector_2.data or "", self.sector_3.data or ""],
            home_zip=self.home_zip.data or "", travel_mode=self.travel_mode.data or None,
            availability=self.availability.data or [], max_minutes=self.max_minutes.data, max_km=self.distance_km(),
            certifications=list(self.certifications.data or []) + self.other_certifications.names(),
            language=self.language.data or None, guardian_language=self.guardian_language.data or None)

    def distance_km(self) -> float | None:
        """The typed distance in km, as the profile keeps it. A value sent back as it was shown keeps the
        exact kilometres it was shown from, so that the rounding for display never moves a limit."""
        if self.max_km.data is None:
            return None
        unit = current_app.config["DISTANCE_UNIT"]
        try:
            kept = float(self.max_km_kept.data) if self.max_km_kept.data else None
        except ValueError:
            kept = None
        if kept is not None and round(localisation.km_to(unit, kept), 1) == round(self.max_km.data, 1):
            return kept
        return round(localisation.to_km(unit, self.max_km.data), 3)
