"""After the match: a placement's checklist, hours, evaluations and completion.

The values are checked where the web's forms have them checked, by the placements services (one rule, in one
place): these schemas only say what shape a request has, and a service's refusal is the API's 422 or 409.
"""
from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from wbl_match.api.schemas import Flag, Text, UtcDateTime
from wbl_match.models import AfterState, EvaluationKind, ReadinessKind


class ChecklistItemSchema(ma.Schema):
    kind = fields.Enum(ReadinessKind, by_value=True, dump_only=True)
    label = fields.String(dump_only=True)
    required = fields.Boolean(dump_only=True)
    done = fields.Boolean(dump_only=True)
    done_at = UtcDateTime(dump_only=True, allow_none=True)
    missing = fields.List(fields.String(), dump_only=True,
                          metadata={"description": "What is still missing for the item to count as done"})


class ProgressSchema(ma.Schema):
    placement_id = fields.Integer(dump_only=True)
    state = fields.Enum(AfterState, by_value=True, dump_only=True,
                        metadata={"description": "preparing, ready, started, completed or ended_early"})
    start_on = fields.Date(dump_only=True, allow_none=True)
    started_at = UtcDateTime(dump_only=True, allow_none=True)
    ended_on = fields.Date(dump_only=True, allow_none=True)
    end_reason = fields.String(dump_only=True, allow_none=True,
                               metadata={"description": "Why it ended early (staff tokens only)"})
    checklist = fields.List(fields.Nested(ChecklistItemSchema), dump_only=True)
    missing = fields.List(fields.String(), dump_only=True,
                          metadata={"description": "The required items not done, as the start refuses them"})


class AgreementSchema(ma.Schema):
    signed_name = Text(200, required=True, metadata={"description": "The name of who accepts, as typed"})


class InsuranceSchema(ma.Schema):
    insurer = Text(200, required=True)
    expires_on = Text(10, required=True, metadata={"description": "YYYY-MM-DD"})


class OrientationSchema(ma.Schema):
    done_on = Text(10, required=True, metadata={"description": "YYYY-MM-DD, not in the future"})


class WorkPermitSchema(ma.Schema):
    statement_of_intent = Flag(required=True)
    number = Text(60, required=True)
    max_daily_hours = Text(8, required=True, metadata={"description": "Hours a day the permit allows"})
    max_weekly_hours = Text(8, required=True, metadata={"description": "Hours a week the permit allows"})
    expires_on = Text(10, required=True, metadata={"description": "YYYY-MM-DD"})


class HoursDaySchema(ma.Schema):
    work_date = fields.Date(dump_only=True)
    minutes = fields.Integer(dump_only=True)
    note = fields.String(dump_only=True, allow_none=True)
    approved = fields.Boolean(dump_only=True)
    approved_at = UtcDateTime(dump_only=True, allow_none=True)
    flags = fields.List(fields.String(), dump_only=True,
                        metadata={"description": "Why the day stands out (the slot's hours, the minors' law)"})


class HoursWeekSchema(ma.Schema):
    monday = fields.Date(dump_only=True)
    minutes = fields.Integer(dump_only=True)
    approved = fields.Boolean(dump_only=True)
    flags = fields.List(fields.String(), dump_only=True)
    days = fields.List(fields.Nested(HoursDaySchema), dump_only=True)


class HoursSchema(ma.Schema):
    logged_minutes = fields.Integer(dump_only=True)
    approved_minutes = fields.Integer(dump_only=True)
    waiting_minutes = fields.Integer(dump_only=True)
    weeks = fields.List(fields.Nested(HoursWeekSchema), dump_only=True)


class LogHoursSchema(ma.Schema):
    work_date = Text(10, required=True, metadata={"description": "YYYY-MM-DD, from the start to today"})
    hours = Text(8, required=True, metadata={"description": "3, 2.5 or 2:30; 0 removes the day"})
    note = Text(300, allow_none=True)


class ApprovalSchema(ma.Schema):
    monday = fields.Date(dump_only=True)
    days = fields.Integer(dump_only=True, metadata={"description": "How many days were approved"})


class EvaluationSchema(ma.Schema):
    kind = fields.Enum(EvaluationKind, by_value=True, dump_only=True)
    due_on = fields.Date(dump_only=True)
    submitted_at = UtcDateTime(dump_only=True, allow_none=True)
    foundational = fields.Integer(dump_only=True, allow_none=True)
    applied_workplace = fields.Integer(dump_only=True, allow_none=True)
    self_management = fields.Integer(dump_only=True, allow_none=True)
    overall = fields.Integer(dump_only=True, allow_none=True)
    comments = fields.String(dump_only=True, allow_none=True)


class EvaluationsSchema(ma.Schema):
    evaluations = fields.List(fields.Nested(EvaluationSchema), dump_only=True,
                              metadata={"description": "A student's token sees only the submitted ones"})
    would_host_again = fields.Boolean(dump_only=True, allow_none=True)


_RATING = {"description": "1 Does not meet, 2 Partially meets, 3 Meets, 4 Above expectations; "
                          "'na': no opportunity to observe"}


class SubmitEvaluationSchema(ma.Schema):
    foundational = Text(2, load_default=None, metadata=_RATING)
    applied_workplace = Text(2, load_default=None, metadata=_RATING)
    self_management = Text(2, load_default=None, metadata=_RATING)
    overall = Text(2, required=True, metadata={"description": "1 to 4"})
    comments = Text(4000, load_default=None)
    would_host_again = fields.String(load_default=None, validate=validate.OneOf(("yes", "no")),
                                     metadata={"description": "Required for the final evaluation"})


class CompletionSchema(ma.Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(("completed", "ended_early")))
    reason = Text(500, load_default=None, metadata={"description": "Required when the placement ended early"})
    on = fields.Date(load_default=None, metadata={"description": "The last day (default today)"})
