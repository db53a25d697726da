"""Eligibility requirements: a student's grade, and the lowest grade and youngest age a slot may ask.

The engine compares them (its "ineligible" rule, ``wbl_match.matching.rules``); here is what each value may
be, the same at every door (slot form, API, bulk import, services). Required certifications are the rule of
``wbl_match.domain.certifications``; ages come from ``wbl_match.domain.birth_dates``.
"""
from __future__ import annotations

MIN_GRADE, MAX_GRADE = 9, 12
GRADES = tuple(range(MIN_GRADE, MAX_GRADE + 1))
MIN_AGE, MAX_AGE = 14, 25
GRADE_MESSAGE = f"Grade must be from {MIN_GRADE} to {MAX_GRADE}."
LOWEST_GRADE_MESSAGE = f"The lowest grade must be from {MIN_GRADE} to {MAX_GRADE}."
MIN_AGE_MESSAGE = f"The minimum age must be from {MIN_AGE} to {MAX_AGE}."


def _whole_in(value: object, low: int, high: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and low <= value <= high


def grade_problem(value: object) -> str | None:
    """Why ``value`` cannot be a student's grade (None: it can; a missing value is no problem here)."""
    return None if value is None or _whole_in(value, MIN_GRADE, MAX_GRADE) else GRADE_MESSAGE


def min_grade_problem(value: object) -> str | None:
    """Why ``value`` cannot be a slot's lowest grade (None: it can, or no lowest grade is asked)."""
    return None if value is None or _whole_in(value, MIN_GRADE, MAX_GRADE) else LOWEST_GRADE_MESSAGE


def min_age_problem(value: object) -> str | None:
    """Why ``value`` cannot be a slot's minimum age (None: it can, or no minimum age is asked)."""
    return None if value is None or _whole_in(value, MIN_AGE, MAX_AGE) else MIN_AGE_MESSAGE
