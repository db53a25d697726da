"""Forms of the intermediary's round pages. Each field carries its own message."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DateTimeLocalField, DecimalField, HiddenField, IntegerField, RadioField, SelectField,
    StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from wbl_match.models import Mechanism, SectorRule
from wbl_match.web.fields import FiniteDecimalField, MultiCheckboxField

MECHANISM_CHOICES = [
    SelectChoice(Mechanism.OPTIMAL.value, "Optimal: place as many students as possible, then best fit"),
    SelectChoice(Mechanism.STABLE.value, "Stable: deferred acceptance on students' and employers' rankings")]
SECTOR_RULE_CHOICES = [SelectChoice(SectorRule.REQUIRED.value, "Required: only slots in a student's sectors"),
                       SelectChoice(SectorRule.PREFERRED.value, "Preferred: any sector, the student's own ones first")]

TERM_CHOICES = [SelectChoice("auto", "From the dates: vacation when the whole term lies in June 1 – Labor Day"),
                SelectChoice("school", "School in session (Monday to Friday are school days)"),
                SelectChoice("vacation", "Vacation (no school days)")]
PATHWAY_RULE_CHOICES = [SelectChoice("off", "Off: pathways do not count"),
                        SelectChoice("preferred", "Preferred: any slot, slots of the student's pathway first"),
                        SelectChoice("required", "Required: a slot that lists pathways takes only their students")]


class RoundForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Give the round a name."), Length(max=200)])
    term_start = DateField("Term starts", validators=[Optional()])
    term_end = DateField("Term ends", validators=[Optional()])
    all_schools = BooleanField("Every school of the consortium")
    school_ids = MultiCheckboxField("Schools", coerce=int, validate_choice=False)
    all_slots = BooleanField("Every open slot of the consortium")
    slot_ids = MultiCheckboxField("Slots", coerce=int, validate_choice=False)
    ranking_closes_at = DateTimeLocalField("Ranking closes", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    offers_expire_at = DateTimeLocalField("Offers expire", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    mechanism = RadioField("Mechanism", choices=MECHANISM_CHOICES, default=Mechanism.OPTIMAL.value)
    sector_rule = RadioField("Sector rule", choices=SECTOR_RULE_CHOICES, default=SectorRule.REQUIRED.value)
    only_ranked = BooleanField("Students may only be placed in slots they ranked")
    max_ranked = IntegerField("Most slots a student may rank", default=5,
                              validators=[InputRequired("Enter a number from 1 to 20."),
                                          NumberRange(1, 20, "Enter a number from 1 to 20.")])
    employers_rank = BooleanField("Employers rank their applicants")
    apply_work_limits = BooleanField("Apply the limits for minors (hours a day and a week, earliest and latest hour)",
                                     default=True)
    term_kind = RadioField("Term", choices=TERM_CHOICES, default="auto")
    max_week_hours = FiniteDecimalField("Programme's cap on weekly hours (optional)", places=None,
                                  validators=[Optional(), NumberRange(0.5, 168, "Enter hours from 0.5 to 168.")])
    pathway_rule = RadioField("Pathway rule", choices=PATHWAY_RULE_CHOICES, default="off")


class PinForm(FlaskForm):
    student_id = HiddenField(validators=[DataRequired("Choose a student.")], id="pin-student")
    slot_id = SelectField("Slot", coerce=int, validate_choice=False, id="pin-slot",
                          validators=[DataRequired("Choose the slot to pin the student to.")])


class ExcludeForm(FlaskForm):
    student_id = HiddenField(validators=[DataRequired("Choose a student.")], id="exclude-student")
    slot_id = SelectField("Slot", coerce=int, validate_choice=False, id="exclude-slot",
                          validators=[DataRequired("Choose the slot to rule out.")])
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=500)])


class RespondForm(FlaskForm):
    decision = RadioField("Answer", choices=[SelectChoice("accept", "Accept the offer"),
                                             SelectChoice("decline", "Decline the offer")],
                          validators=[InputRequired("Choose accept or decline.")])
    reason = TextAreaField("Reason, as the student gave it",
                           validators=[DataRequired("Record why you answer for the student."), Length(max=500)])
