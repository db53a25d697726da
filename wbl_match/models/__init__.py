"""All wbl_match tables. Import from here: ``from wbl_match.models import Slot``."""
from wbl_match.models.accounts import (
    ApiToken, Consortium, Invitation, PasswordReset, RecoveryCode, TwoStepCredential, User,
)
from wbl_match.models.audit import AuditEvent, OutboxMessage, ReminderSent
from wbl_match.models.enums import (
    ACTIVE_PLACEMENT_STATUSES, Mechanism, OutboxStatus, PlacementStatus, Role, RoundState, SectorRule,
    SlotStatus, SolveStatus, TravelMode, WithdrawalReason,
)
from wbl_match.models.enums import ImportStatus
from wbl_match.models.imports import ImportJob
from wbl_match.models.placements_after import (
    AfterState, EvaluationKind, HoursEntry, LinkPurpose, PlacementEvaluation, PlacementLink, PlacementProgress,
    ReadinessItem, ReadinessKind, ReadinessRequirement,
)
from wbl_match.models.organisations import Employer, EmployerContact, School
from wbl_match.models.reference import PathwayRow, SectorRow
from wbl_match.models.rounds import (
    EmployerRanking, MatchRound, Placement, Preference, RoundExclusion, SolveRun, round_schools, round_slots,
)
from wbl_match.models.sign_in import SignInFailure
from wbl_match.models.slots import Slot, SlotShift
from wbl_match.models import identity  # noqa: E402,F401  (every employer and slot gets an external id)
from wbl_match.models.work_limits import WorkLimitTable
from wbl_match.models.students import (
    StudentAvailability, StudentDemographics, StudentProfile, StudentSectorInterest,
)

__all__ = [
    "ACTIVE_PLACEMENT_STATUSES", "ApiToken", "AuditEvent", "Consortium", "Employer", "EmployerContact",
    "EmployerRanking", "Invitation", "MatchRound", "Mechanism", "OutboxMessage", "OutboxStatus", "PasswordReset",
    "PathwayRow", "RecoveryCode", "ReminderSent", "TwoStepCredential",
    "Placement", "PlacementStatus", "Preference", "Role", "RoundExclusion", "RoundState", "School", "SectorRow",
    "SectorRule", "Slot", "SlotShift", "SlotStatus", "SolveRun", "SolveStatus", "StudentAvailability",
    "StudentDemographics", "StudentProfile", "StudentSectorInterest", "TravelMode", "User", "round_schools",
    "round_slots", "ImportJob", "SignInFailure", "ImportStatus", "WithdrawalReason", "WorkLimitTable",
    # after the match
    "AfterState", "EvaluationKind", "HoursEntry", "LinkPurpose", "PlacementEvaluation", "PlacementLink",
    "PlacementProgress", "ReadinessItem", "ReadinessKind", "ReadinessRequirement",
]
