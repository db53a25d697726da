"""Slots."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.api.schemas import (
    Capacity, Certifications, Flag, Id, IntervalSchema, Latitude, Longitude, LowestGrade, MinimumAge, Stamped, Text,
    WageCents, ZipCode, intervals_from,
)
from wbl_match.models import SlotStatus


class SlotSchema(Stamped):
    id = fields.Integer(dump_only=True)
    external_id = Text(64, allow_none=True, validate=validate.Length(min=1))
    employer_id = Id(required=True)
    title = Text(200, required=True, validate=validate.Length(min=1, max=200))
    description = Text(20_000)
    sector_code = Text(80, required=True)
    pathway_code = Text(80, allow_none=True)
    extra_pathway_codes = fields.List(Text(80), validate=validate.Length(max=20),
                                      metadata={"description": "Other pathways of the sector the slot is meant for"})
    site_address = Text(300, allow_none=True)
    site_city = Text(100, allow_none=True)
    site_zip = ZipCode()
    site_lat = Latitude()
    site_lon = Longitude()
    is_remote = Flag()
    term_start = fields.Date(allow_none=True)
    term_end = fields.Date(allow_none=True)
    capacity = Capacity(required=True)
    is_paid = Flag()
    hourly_wage_cents = WageCents()
    min_grade = LowestGrade()
    min_age = MinimumAge()
    required_certifications = Certifications()
    what_to_bring = Text(5_000, allow_none=True)
    status = fields.Enum(SlotStatus, by_value=True, dump_only=True,
                         metadata={"description": "Set by the employer (opening needs a safety attestation)"})
    shifts = fields.List(fields.Nested(IntervalSchema), validate=validate.Length(max=21))

    @ma.validates_schema(skip_on_field_errors=True)
    def check_shifts(self, data, **kwargs):
        # After the fields: only well-formed intervals are checked for order and overlap.
        if "shifts" in data:
            intervals_from(data["shifts"], "shifts")

    @ma.post_load
    def shift_tuples(self, data, **kwargs):
        if "shifts" in data:
            data["shifts"] = intervals_from(data["shifts"], "shifts")
        return data


class SlotQuery(ma.Schema):
    employer_id = Id(strict=False)
    external_id = Text(64)
    sector_code = Text(80)
    status = fields.Enum(SlotStatus, by_value=True)
