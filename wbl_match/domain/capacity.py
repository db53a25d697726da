"""Capacity: how many students one slot takes. One bound at every door."""
from __future__ import annotations

MIN_CAPACITY = 1
MAX_CAPACITY = 1000
MESSAGE = f"A slot takes from {MIN_CAPACITY} to {MAX_CAPACITY:,} students."


def capacity_problem(value: object) -> str | None:
    """Why ``value`` cannot be a slot's capacity, or None when it can (a whole number in the bounds)."""
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_CAPACITY <= value <= MAX_CAPACITY:
        return MESSAGE
    return None
