"""A deletion whose checks passed, but whose record another request took into use before the commit."""
from __future__ import annotations

import pytest

from wbl_match.models import School
from wbl_match.services.errors import Refused, commit_deletion


def test_a_delete_the_foreign_keys_refuse_becomes_a_refusal_and_deletes_nothing(session, make_school, make_student):
    school = make_school()
    make_student(school_id=school.id)  # arrived after the checks, as a concurrent request would
    session.commit()
    session.delete(session.get(School, school.id))
    with pytest.raises(Refused, match="taken into use"):
        commit_deletion(session, "This school was taken into use while it was being deleted, so it was not deleted.")
    session.expire_all()
    assert session.get(School, school.id) is not None


def test_a_delete_nobody_raced_is_committed(session, make_school):
    school_id = make_school().id
    session.commit()
    session.delete(session.get(School, school_id))
    commit_deletion(session, "unused")
    session.expire_all()
    assert session.get(School, school_id) is None
