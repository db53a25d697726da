"""Match rounds and placements."""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.api.schemas import Flag, Id, Stamped, Text, UtcDateTime
from wbl_match.models import Mechanism, PlacementStatus, RoundState, SectorRule, SolveStatus


class RoundSchema(Stamped):
    id = fields.Integer(dump_only=True)
    name = Text(200, required=True, validate=validate.Length(min=1, max=200))
    term_start = fields.Date(allow_none=True)
    term_end = fields.Date(allow_none=True)
    state = fields.Enum(RoundState, by_value=True, dump_only=True,
                        metadata={"description": "Changed through POST /rounds/{id}/state"})
    mechanism = fields.Enum(Mechanism, by_value=True)
    sector_rule = fields.Enum(SectorRule, by_value=True)
    only_ranked = Flag()
    max_ranked = fields.Integer(strict=True, validate=validate.Range(min=1, max=20))
    employers_rank = Flag()
    apply_work_limits = Flag(metadata={"description": "Apply the consortium's limits for minors (rule 7)"})
    term_kind = fields.String(validate=validate.OneOf(("auto", "school", "vacation")),
                              metadata={"description": "auto: vacation when the whole term lies in June 1 – Labor Day"})
    max_week_hours = fields.Float(allow_none=True, validate=validate.Range(min=0, max=168, min_inclusive=False),
                                  metadata={"description": "The programme's cap on a slot's weekly hours"})
    pathway_rule = fields.String(validate=validate.OneOf(("off", "preferred", "required")))
    ranking_closes_at = UtcDateTime(allow_none=True)
    offers_expire_at = UtcDateTime(allow_none=True)
    school_ids = fields.List(Id(), validate=validate.Length(max=5000))
    slot_ids = fields.List(Id(), validate=validate.Length(max=50_000))

    @ma.pre_dump
    def with_members(self, match_round, **kwargs):
        values = {name: getattr(match_round, name) for name in self.fields if not name.endswith("_ids")}
        values["school_ids"] = sorted(school.id for school in match_round.schools)
        values["slot_ids"] = sorted(slot.id for slot in match_round.slots)
        return values


class RoundQuery(ma.Schema):
    state = fields.Enum(RoundState, by_value=True)


class StateChangeSchema(ma.Schema):
    state = fields.Enum(RoundState, by_value=True, required=True,
                        metadata={"description": "draft, open, closed (from solved: discard the proposals), "
                                                 "published (offers go out) or archived; solving and solved are "
                                                 "reached through POST .../solve"})


class SolveSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    status = fields.Enum(SolveStatus, by_value=True, dump_only=True)
    is_rematch = Flag(dump_only=True)
    requested_at = UtcDateTime(dump_only=True)
    finished_at = UtcDateTime(dump_only=True, allow_none=True)
    engine_version = fields.String(dump_only=True, allow_none=True)
    error = fields.String(dump_only=True, allow_none=True)
    result = fields.Dict(dump_only=True, allow_none=True, metadata={"description": "The engine's wbl-match-result/1 document"})


class PlacementSchema(ma.Schema):
    id = fields.Integer(dump_only=True)
    round_id = fields.Integer(dump_only=True)
    student_id = fields.Integer(dump_only=True)
    slot_id = fields.Integer(dump_only=True)
    status = fields.Enum(PlacementStatus, by_value=True, dump_only=True)
    cost = fields.Integer(dump_only=True, allow_none=True)
    pinned = Flag(dump_only=True)
    offered_at = UtcDateTime(dump_only=True, allow_none=True)
    expires_at = UtcDateTime(dump_only=True, allow_none=True)
    responded_at = UtcDateTime(dump_only=True, allow_none=True)
    response_reason = fields.String(dump_only=True, allow_none=True)


class PlacementQuery(ma.Schema):
    round_id = Id(strict=False)
    student_id = Id(strict=False)
    slot_id = Id(strict=False)
    status = fields.Enum(PlacementStatus, by_value=True)


class ResponseSchema(ma.Schema):
    accept = Flag(required=True, metadata={"description": "true: the student accepts the offer"})
    reason = Text(500, allow_none=True)


class PairSchema(ma.Schema):
    """A student and a slot of the round: a pin (the next solve keeps it) or an exclusion (never placed)."""

    student_id = Id(required=True)
    slot_id = Id(required=True)


class ExclusionSchema(PairSchema):
    round_id = fields.Integer(dump_only=True)
    reason = Text(500, allow_none=True)


class DroppedSchema(ma.Schema):
    student_id = fields.Integer(dump_only=True)
    slot_id = fields.Integer(dump_only=True)
    reason = fields.String(dump_only=True)


class PublishedSchema(RoundSchema):
    """The published round, with what publishing did."""

    offers = fields.Integer(dump_only=True, metadata={"description": "Offers made by this publication"})
    without_email = fields.Integer(dump_only=True, metadata={"description": "Students offered who have no "
                                                                               "e-mail address"})
    dropped = fields.List(fields.Nested(DroppedSchema), dump_only=True,
                          metadata={"description": "Proposals not offered: their slot was closed or full "
                                                   "meanwhile (the reason says which)"})
