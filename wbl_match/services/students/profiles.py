"""Students' pathway profiles: pathway, ranked sectors, home, travel limits, availability, certifications."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from wbl_match.models import StudentAvailability, StudentProfile, StudentSectorInterest, TravelMode, User
from wbl_match.reference import PATHWAY_BY_CODE, SECTOR_BY_CODE
from wbl_match.services.audit import record_event
from wbl_match.services.certifications import certification_problems, normalise_certifications
from wbl_match.services.errors import Collector, FieldErrors
from wbl_match.services.geo import locate_zip
from wbl_match.services.weekly import Interval, normalise_intervals

MAX_SECTORS = 3
MAX_MINUTES = 240
MAX_KM = 500


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


def _check_sectors(sectors: list[str], errors: Collector) -> list[str]:
    chosen = [code for code in sectors if code]
    if not chosen:
        errors.add("sector_1", "Choose at least the sector that interests you most.")
    if any(code not in SECTOR_BY_CODE for code in chosen):
        errors.add("sector_1", "Choose sectors from the list.")
    if len(set(chosen)) != len(chosen):
        errors.add("sector_2", "Choose each sector only once.")
    if len(chosen) > MAX_SECTORS:
        errors.add("sector_1", f"Choose at most {MAX_SECTORS} sectors.")
    return chosen


def _check_travel(data: ProfileInput, errors: Collector) -> TravelMode | None:
    mode = None
    try:
        mode = TravelMode(data.travel_mode) if data.travel_mode else None
    except ValueError:
        pass
    if mode is None:
        errors.add("travel_mode", "Choose how you travel.")
    if data.max_minutes is None and data.max_km is None:
        errors.add("max_minutes", "Say how long (minutes) or how far (km) you can travel.")
    if data.max_minutes is not None and not 1 <= data.max_minutes <= MAX_MINUTES:
        errors.add("max_minutes", f"Give a time between 1 and {MAX_MINUTES} minutes.")
    if data.max_km is not None and not 0 < data.max_km <= MAX_KM:
        errors.add("max_km", f"Give a distance above 0 and at most {MAX_KM} km.")
    return mode


def _check(data: ProfileInput):
    errors = Collector()
    if data.pathway_code and data.pathway_code not in PATHWAY_BY_CODE:
        errors.add("pathway_code", "Choose a pathway from the list.")
    sectors = _check_sectors(data.sectors, errors)
    mode = _check_travel(data, errors)
    availability = normalise_intervals(data.availability, errors, "availability",
                                       required_message="Mark at least one time when you can work.")
    for problem in certification_problems(data.certifications):
        errors.add("certifications", problem)
    place = None
    try:
        place = locate_zip(data.home_zip, "home_zip")
    except FieldErrors as problem:
        errors.add("home_zip", problem.errors["home_zip"][0])
    errors.raise_if_any()
    return sectors, mode, availability, place


def check_profile_input(data: ProfileInput) -> None:
    """Raise ``FieldErrors`` for every rule the input breaks, without writing anything."""
    _check(data)


def update_profile(session: Session, actor: User, profile: StudentProfile, data: ProfileInput) -> StudentProfile:
    """Save the student's pathway profile; raises ``FieldErrors`` and writes nothing when anything is invalid."""
    sectors, mode, availability, place = _check(data)
    profile.pathway_code = data.pathway_code or None
    profile.home_zip, profile.home_lat, profile.home_lon = place.zip, place.lat, place.lon
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


def profile_is_complete(profile: StudentProfile) -> bool:
    """Enough to be matched: home, travel limit, at least one sector and one available time."""
    return bool(profile.home_lat is not None and profile.travel_mode and (profile.max_minutes or profile.max_km)
                and profile.interests and profile.availability)
