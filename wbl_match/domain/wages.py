"""Hourly wages of paid slots, kept in cents: one plausible span at every door."""
from __future__ import annotations

MIN_CENTS, MAX_CENTS = 0, 50_000
MESSAGE = f"An hourly wage is from ${MIN_CENTS // 100} to ${MAX_CENTS // 100}."


def wage_problem(cents: object) -> str | None:
    """Why ``cents`` cannot be an hourly wage in cents (None: it can, or no wage is given)."""
    if cents is None:
        return None
    if isinstance(cents, bool) or not isinstance(cents, int) or not MIN_CENTS <= cents <= MAX_CENTS:
        return MESSAGE
    return None
