"""A student's pathway profile: the travel limits it may give, and when it is complete enough to be matched.

Complete means the engine can judge every rule for the student: a home position, a way of travelling with a
limit (minutes or km), at least one sector of interest when the round requires a sector match, and at least
one time of availability. A profile without a travel limit would otherwise be free to travel anywhere.
Readiness, solving, the equity report, the directory and the student's own page all use ``profile_gaps``;
the student's profile form asks for what it names (``gap_requests``), so the form refuses exactly the
profiles that readiness would count as incomplete.
"""
from __future__ import annotations

from wbl_match.languages import N_

MAX_SECTORS = 3
MIN_MINUTES, MAX_MINUTES = 1, 240
MIN_KM, MAX_KM = 0.1, 500.0
MINUTES_MESSAGE = f"Give a time from {MIN_MINUTES} to {MAX_MINUTES} minutes."
KM_MESSAGE = f"Give a distance from {MIN_KM:g} to {MAX_KM:g} km."

#: The gaps, in the words readiness lists them.
HOME = "home location"
TRAVEL_MODE = "how they travel"
TRAVEL_LIMIT = "travel limit"
SECTORS = "sectors of interest"
AVAILABILITY = "weekly availability"


def minutes_problem(value: object) -> str | None:
    """Why ``value`` cannot be a longest trip in minutes (None: it can; a missing value is no problem here)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_MINUTES <= value <= MAX_MINUTES:
        return MINUTES_MESSAGE
    return None


def km_problem(value: object) -> str | None:
    """Why ``value`` cannot be a farthest distance in km (None: it can; a missing value is no problem here)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not MIN_KM <= value <= MAX_KM:
        return KM_MESSAGE  # NaN fails the comparison too
    return None


def profile_gaps(profile, sectors_required: bool = True) -> list[str]:
    """What ``profile`` lacks before it can be matched (empty when complete).

    ``profile`` is a ``StudentProfile`` or anything with its attributes (``home_lat``, ``home_lon``,
    ``travel_mode``, ``max_minutes``, ``max_km``, ``interests``, ``availability``). ``sectors_required`` is
    False in a round whose sector rule is only a preference.
    """
    gaps = []
    if profile.home_lat is None or profile.home_lon is None:
        gaps.append(HOME)
    if not profile.travel_mode:
        gaps.append(TRAVEL_MODE)
    if profile.max_minutes is None and profile.max_km is None:
        gaps.append(TRAVEL_LIMIT)
    if sectors_required and not profile.interests:
        gaps.append(SECTORS)
    if not profile.availability:
        gaps.append(AVAILABILITY)
    return gaps


#: For each gap (but the home, which the ZIP code rule of ``domain.places`` asks for): the profile form's
#: field that fills it, and what the person is asked.
REQUESTS = {
    TRAVEL_MODE: ("travel_mode", N_("Choose how you travel.")),
    TRAVEL_LIMIT: ("max_minutes", N_("Say how long (minutes) or how far (km) you can travel.")),
    SECTORS: ("sector_1", N_("Choose at least the sector that interests you most.")),
    AVAILABILITY: ("availability", N_("Mark at least one time when you can work.")),
}


def gap_requests(profile, sectors_required: bool = True) -> list[tuple[str, str]]:
    """``(field, message)`` for each gap of ``profile`` the person must fill before it can be saved as complete."""
    return [REQUESTS[gap] for gap in profile_gaps(profile, sectors_required) if gap in REQUESTS]


def profile_is_complete(profile) -> bool:
    """Complete enough to be matched in a round that requires a sector match."""
    return not profile_gaps(profile)
