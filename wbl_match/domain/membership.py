"""Round membership: which students take part in a round.

A student takes part when they belong to the round's consortium, their school is one of the round's
schools, and they have not been withdrawn. A round with no schools has no students: an empty set of
schools never means every school. ``wbl_match.services.rounds.membership`` applies this rule to the
database (as a SQL condition and for one student); every use of membership goes through it.
"""
from __future__ import annotations

from collections.abc import Collection


def takes_part(*, student_consortium_id: int, student_school_id: int | None, withdrawn: bool,
               round_consortium_id: int, round_school_ids: Collection[int]) -> bool:
    """True when the student takes part in the round (see the module's docstring)."""
    return (student_consortium_id == round_consortium_id and not withdrawn
            and student_school_id is not None and student_school_id in round_school_ids)
