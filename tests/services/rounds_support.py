"""Building small rounds for the round tests."""
from __future__ import annotations

from datetime import date

from wbl_match.models import EmployerContact, MatchRound, RoundState


def build_round(session, consortium, make_school, make_student, make_slot, *, students=4, slots=2, capacity=1,
                state=RoundState.CLOSED, **fields) -> tuple[MatchRound, list, list]:
    """A round of one school's ``students`` and ``slots`` slots of ``capacity`` each, in ``state``."""
    school = make_school()
    people = [make_student(school_id=school.id) for _ in range(students)]
    for person in people:
        person.email = f"{person.external_id.lower()}@students.example.org"
    places = [make_slot(capacity=capacity) for _ in range(slots)]
    session.add_all(EmployerContact(employer_id=slot.employer_id, name="Pat Contact", is_primary=True,
                                    email=f"contact{slot.employer_id}@employers.example.org") for slot in places)
    match_round = MatchRound(consortium_id=consortium.id, name="Summer 2027", term_start=date(2027, 6, 14),
                             schools=[school], slots=places, state=state, **fields)
    session.add(match_round)
    session.commit()
    return match_round, people, places
