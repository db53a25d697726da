"""Students' profiles."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.api.schemas import (
    BirthDate, Certifications, Grade, Id, IntervalSchema, Latitude, Longitude, MaxKm, MaxMinutes, Stamped, Text, UtcDateTime, ZipCode,
    by_rule, intervals_from,
)
from wbl_match.domain import emails
from wbl_match.languages import LANGUAGES
from wbl_match.models import TravelMode, WithdrawalReason


class StudentSchema(Stamped):
    id = fields.Integer(dump_only=True)
    external_id = Text(64, required=True, validate=validate.Length(min=1, max=64),
                       metadata={"description": "The student's id in the school's information system (SSID)"})
    school_id = Id(required=True)
    first_name = Text(100, required=True, validate=validate.Length(min=1, max=100))
    last_name = Text(100, required=True, validate=validate.Length(min=1, max=100))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    grade = Grade(required=True)
    date_of_birth = BirthDate()
    pathway_code = Text(80, allow_none=True)
    home_zip = ZipCode()
    home_lat = Latitude()
    home_lon = Longitude()
    travel_mode = fields.Enum(TravelMode, by_value=True, allow_none=True)
    max_km = MaxKm()
    max_minutes = MaxMinutes()
    certifications = Certifications()
    sectors = fields.List(Text(80), validate=validate.Length(max=15),
                          metadata={"description": "Sector codes of interest, strongest first"})
    availability = fields.List(fields.Nested(IntervalSchema), validate=validate.Length(max=21))
    language = fields.String(allow_none=True, validate=validate.OneOf(list(LANGUAGES)), metadata={
        "description": "The language the student reads: en or es (null: not known)"})
    guardian_language = fields.String(allow_none=True, validate=validate.OneOf(list(LANGUAGES)), metadata={
        "description": "The language of the student's parent or guardian: en or es (null: the student's)"})
    phone = Text(40, allow_none=True, metadata={"description": "For staff to call a student without e-mail"})
    guardian_phone = Text(40, allow_none=True, metadata={"description": "For staff to call the family"})
    guardian_email = fields.String(allow_none=True, validate=by_rule(emails.email_problem), metadata={
        "format": "email", "maxLength": emails.MAX_LENGTH,
        "description": "The parent's or guardian's e-mail: they get the ranking and offer reminders too, in "
                       "guardian_language"})
    withdrawn = fields.Boolean(dump_only=True, metadata={
        "description": "The student left the school or the programme (set by a coordinator in the web UI); "
                       "withdrawn students take part in no solve"})
    withdrawn_at = UtcDateTime(dump_only=True, allow_none=True)
    withdrawal_reason = fields.Enum(WithdrawalReason, by_value=True, dump_only=True, allow_none=True)

    @ma.pre_dump
    def flatten(self, student, **kwargs):
        values = {name: getattr(student, name) for name in self.fields
                  if name not in ("sectors", "availability", "withdrawn")}
        values["withdrawn"] = student.withdrawn_at is not None
        values["sectors"] = [interest.sector_code for interest in student.interests]
        values["availability"] = list(student.availability)
        return values

    @ma.validates_schema(skip_on_field_errors=True)
    def check_availability(self, data, **kwargs):
        # After the fields: only well-formed intervals are checked for order and overlap.
        if "availability" in data:
            intervals_from(data["availability"], "availability")

    @ma.post_load
    def availability_tuples(self, data, **kwargs):
        if "availability" in data:
            data["availability"] = intervals_from(data["availability"], "availability")
        return data


class StudentQuery(ma.Schema):
    school_id = Id(strict=False)
    external_id = Text(64)
    grade = fields.Integer(validate=validate.Range(min=9, max=12))
    phone = Text(40, allow_none=True, metadata={"description": "For staff to call a student without e-mail"})
    guardian_phone = Text(40, allow_none=True, metadata={"description": "For staff to call the family"})
    withdrawn = fields.Boolean(metadata={"description": "true: only withdrawn students; false: only active ones"})
