"""Students' pathway profiles: pathway, ranked sectors, home, travel limits, availability, certifications."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy.orm import Session

from wbl_match.languages import N_, Message, language_code
from wbl_match.models import StudentAvailability, StudentProfile, StudentSectorInterest, TravelMode, User
from wbl_match.reference import PATHWAY_BY_CODE, SECTOR_BY_CODE
from wbl_match.services.audit import record_event
from wbl_match.domain.certifications import certification_problems, normalise_certifications
from wbl_match.domain.errors import RuleError
from wbl_match.domain.places import home_position, locate_zip
from wbl_match.domain.profiles import MAX_SECTORS, gap_requests, km_problem, minutes_problem
from wbl_match.domain.weekly import Interval
from wbl_match.services.errors import Collector, checked_schedule, rolls_back_refusals


@dataclass
class ProfileInput:
    """What a student fills in, already parsed into Python types by the form."""

    pathway_code: str | None
    sectors: list[str]
    home_zip: str
    travel_mode: str | None
    availability: list[Interval]
    max_minutes: int | None = None
    max_km: float | None = None
    certifications: list[str] = field(default_factory=list)
    #: ``en``/``es`` (any usual spelling); None keeps what the profile has.
    language: str | None = None
    guardian_language: str | None = None


def _check_sectors(sectors: list[str], errors: Collector) -> list[str]:
    chosen = [code for code in sectors if code]
    if any(code not in SECTOR_BY_CODE for code in chosen):
        errors.add("sector_1", N_("Choose sectors from the list."))
    if len(set(chosen)) != len(chosen):
        errors.add("sector_2", N_("Choose each sector only once."))
    if len(chosen) > MAX_SECTORS:
        errors.add("sector_1", Message(N_("Choose at most %(most)s sectors."), most=MAX_SECTORS))
    return chosen


def _check_travel(data: ProfileInput, errors: Collector) -> TravelMode | None:
    mode = None
    try:
        mode = TravelMode(data.travel_mode) if data.travel_mode else None
    except ValueError:
        pass
    if problem := minutes_problem(data.max_minutes):
        errors.add("max_minutes", problem)
    if problem := km_problem(data.max_km):
        errors.add("max_km", problem)
    return mode


def _check(data: ProfileInput):
    errors = Collector()
    if data.pathway_code and data.pathway_code not in PATHWAY_BY_CODE:
        errors.add("pathway_code", N_("Choose a pathway from the list."))
    sectors = _check_sectors(data.sectors, errors)
    mode = _check_travel(data, errors)
    availability = checked_schedule(data.availability, errors, "availability")
    for problem in certification_problems(data.certifications):
        errors.add("certifications", problem)
    spoken = {}
    for name in ("language", "guardian_language"):
        try:
            spoken[name] = language_code(getattr(data, name))
        except ValueError:
            errors.add(name, N_("Choose a language from the list."))
    place = None
    try:
        place = locate_zip(data.home_zip)
    except RuleError as problem:
        errors.add("home_zip", problem.message)
    # Complete by the one rule of domain.profiles: what it finds missing is asked for (a field already at
    # fault, such as badly written times, keeps its own message).
    saved = SimpleNamespace(home_lat=place and place.lat, home_lon=place and place.lon, travel_mode=mode,
                            max_minutes=data.max_minutes, max_km=data.max_km, interests=sectors,
                            availability=availability)
    for name, message in gap_requests(saved):
        if name not in errors.errors:
            errors.add(name, message)
    errors.raise_if_any()
    return sectors, mode, availability, place, spoken


def check_profile_input(data: ProfileInput) -> None:
    """Raise ``FieldErrors`` for every rule the input breaks, without writing anything."""
    _check(data)


@rolls_back_refusals
def update_profile(session: Session, actor: User, profile: StudentProfile, data: ProfileInput) -> StudentProfile:
    """Save the student's pathway profile; raises ``FieldErrors`` and writes nothing when anything is invalid."""
    sectors, mode, availability, place, spoken = _check(data)
    for name, code in spoken.items():
        if code is not None:
            setattr(profile, name, code)
    profile.pathway_code = data.pathway_code or None
    profile.home_zip, profile.home_lat, profile.home_lon = home_position(place.zip, profile.home_zip,
                                                                         profile.home_lat, profile.home_lon)
    profile.travel_mode, profile.max_minutes, profile.max_km = mode, data.max_minutes, data.max_km
    profile.certifications = normalise_certifications(data.certifications)
    # Replace the ranked rows in two steps, so the unique (student, rank) index never sees two rank 1s.
    profile.interests = []
    session.flush()
    profile.interests = [StudentSectorInterest(sector_code=code, rank=rank) for rank, code in enumerate(sectors, 1)]
    profile.availability = [StudentAvailability(day=d, start_minute=s, end_minute=e) for d, s, e in availability]
    record_event(session, actor, "student_profile.updated", profile)
    session.commit()
    return profile
