"""Lifecycles and closed vocabularies of the domain."""
from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """What a user may do. Every user belongs to exactly one consortium."""

    ADMIN = "admin"
    INTERMEDIARY = "intermediary"
    EMPLOYER = "employer"
    STUDENT = "student"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SlotStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class TravelMode(str, enum.Enum):
    """How a student gets to a work site; the codes of the round file's ``travel.mode``."""

    WALK = "walk"
    BIKE = "bike"
    TRANSIT = "transit"
    CAR = "car"
    SCHOOL_BUS = "school_bus"

    @property
    def label(self) -> str:
        return {"walk": "Walking", "bike": "Bicycle", "transit": "Public transit", "car": "Car",
                "school_bus": "School transport"}[self.value]


class WithdrawalReason(str, enum.Enum):
    """Why a student no longer takes part in the programme."""

    LEFT_SCHOOL = "left_school"
    LEFT_PROGRAMME = "left_programme"
    FAMILY_REQUEST = "family_request"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"left_school": "Left the school", "left_programme": "Left the programme",
                "family_request": "Family request", "other": "Other"}[self.value]


class Mechanism(str, enum.Enum):
    OPTIMAL = "optimal"
    STABLE = "stable"


class SectorRule(str, enum.Enum):
    REQUIRED = "required"
    PREFERRED = "preferred"


class RoundState(str, enum.Enum):
    """The match round's lifecycle; its moves and their guards are ``services.rounds.lifecycle.TRANSITIONS``."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    SOLVING = "solving"
    SOLVED = "solved"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PlacementStatus(str, enum.Enum):
    PROPOSED = "proposed"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


#: Statuses in which a placement holds the student's one place in a round.
ACTIVE_PLACEMENT_STATUSES = (PlacementStatus.PROPOSED, PlacementStatus.OFFERED, PlacementStatus.ACCEPTED)


class SolveStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    LOGGED = "logged"
    FAILED = "failed"


#: The engine's day codes and names (Monday first), used from the engine rather than copied.
from wbl_match.matching.constants import DAY_NAMES as WEEKDAY_LABELS, DAYS as WEEKDAYS  # noqa: E402


class ImportStatus(str, enum.Enum):
    """A bulk import: uploaded (columns being mapped), queued, running, then invalid or done."""

    UPLOADED = "uploaded"
    QUEUED = "queued"
    RUNNING = "running"
    INVALID = "invalid"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
