"""The student's pathway profile form. Types here; the rules (ZIP, sectors, limits) in services.profiles."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from wbl_match.domain.profiles import KM_MESSAGE, MAX_KM, MAX_MINUTES, MIN_KM, MIN_MINUTES, MINUTES_MESSAGE
from wbl_match.services.students.profiles import ProfileInput
from wbl_match.web.choices import certification_choices, pathway_choices, sector_choices, travel_choices
from wbl_match.web.fields import MultiCheckboxField, OtherCertificationsField, split_common
from wbl_match.web.schedule_grid import ScheduleField


class ProfileForm(FlaskForm):
    pathway_code = SelectField("My pathway", choices=pathway_choices(), validators=[Optional()])
    sector_1 = SelectField("First choice", choices=sector_choices(), validators=[
        DataRequired("Choose the sector that interests you most.")])
    sector_2 = SelectField("Second choice", choices=sector_choices("No second choice"), validators=[Optional()])
    sector_3 = SelectField("Third choice", choices=sector_choices("No third choice"), validators=[Optional()])
    home_zip = StringField("Home ZIP code", validators=[DataRequired("Enter your home ZIP code."), Length(max=10)])
    travel_mode = SelectField("How I travel", choices=travel_choices(), validators=[
        DataRequired("Choose how you travel.")])
    max_minutes = IntegerField("Longest trip, minutes", validators=[
        Optional(), NumberRange(MIN_MINUTES, MAX_MINUTES, MINUTES_MESSAGE)])
    max_km = FloatField("Or farthest distance, km", validators=[
        Optional(), NumberRange(MIN_KM, MAX_KM, KM_MESSAGE)])
    availability = ScheduleField("When I can work")
    certifications = MultiCheckboxField("Certifications I hold", choices=certification_choices())
    other_certifications = OtherCertificationsField("Other certifications")

    #: The service's messages about the certifications go beside the text field where names are typed.
    error_fields = {"certifications": "other_certifications"}

    @classmethod
    def for_profile(cls, profile):
        sectors = [i.sector_code for i in profile.interests] + ["", "", ""]
        form = cls(obj=profile, sector_1=sectors[0], sector_2=sectors[1], sector_3=sectors[2])
        # Attributes of the profile win over keyword arguments in WTForms, so convert these after.
        form.travel_mode.data = profile.travel_mode.value if profile.travel_mode else ""
        form.availability.data = [(a.day, a.start_minute, a.end_minute) for a in profile.availability]
        form.certifications.data, form.other_certifications.data = split_common(profile.certifications)
        return form

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            pathway_code=self.pathway_code.data or None,
            sectors=[self.sector_1.data or "", self.sector_2.data or "", self.sector_3.data or ""],
            home_zip=self.home_zip.data or "", travel_mode=self.travel_mode.data or None,
            availability=self.availability.data or [], max_minutes=self.max_minutes.data, max_km=self.max_km.data,
            certifications=list(self.certifications.data or []) + self.other_certifications.names())
