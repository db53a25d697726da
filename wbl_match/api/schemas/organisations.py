"""Schools and employers."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.api.schemas import Id, Latitude, Longitude, Stamped, Text, ZipCode


class SchoolSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    cds_code = Text(14, required=True, validate=validate.Regexp(r"^\d{14}$"),
                    metadata={"description": "14-digit County-District-School code"})
    name = Text(200, required=True, validate=validate.Length(min=1, max=200))
    district = Text(200, allow_none=True)
    county = Text(100, allow_none=True)
    city = Text(100, allow_none=True)
    zip = ZipCode()
    lat = Latitude()
    lon = Longitude()


class SchoolQuery(ma.Schema):
    cds_code = Text(14)
    city = Text(100)


class ContactSchema(ma.Schema):
    name = Text(200, required=True, validate=validate.Length(min=1, max=200))
    title = Text(200, allow_none=True)
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = Text(40, allow_none=True)


class EmployerSchema(Stamped):
    id = fields.Integer(dump_only=True)
    external_id = Text(64, allow_none=True, validate=validate.Length(min=1), metadata={"description": "Your own id (CRM, spreadsheet)"})
    name = Text(200, required=True, validate=validate.Length(min=1, max=200))
    description = Text(20_000, allow_none=True)
    website = Text(300, allow_none=True)
    address = Text(300, allow_none=True)
    city = Text(100, allow_none=True)
    zip = ZipCode()
    contact = fields.Nested(ContactSchema, allow_none=True, metadata={"description": "The primary contact"})

    @ma.pre_dump
    def with_contact(self, employer, **kwargs):
        primary = next((c for c in employer.contacts if c.is_primary), None)
        values = {name: getattr(employer, name) for name in self.fields if name != "contact"}
        values["contact"] = None if primary is None else {
            name: getattr(primary, name) for name in ("name", "title", "email", "phone")}
        return values


class EmployerQuery(ma.Schema):
    external_id = Text(64)
    city = Text(100)


__all__ = ["ContactSchema", "EmployerQuery", "EmployerSchema", "Id", "SchoolQuery", "SchoolSchema"]
