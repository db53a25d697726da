"""The demo's families: most read Spanish, each has a (fictional) phone number; the demo login reads English."""
from __future__ import annotations

import sqlalchemy as sa

from wbl_match.models import StudentProfile, User
from wbl_match.passwords import get_passwords
from wbl_match.services.demo import seed_demo


def test_the_demo_students_read_mostly_spanish_and_each_family_has_a_phone(app, session):
    seed_demo(session, get_passwords(app), seed=7, students=200, employers=30, slots=80)
    students = session.scalars(sa.select(StudentProfile)).all()
    login = session.scalar(sa.select(StudentProfile).join(User, StudentProfile.user_id == User.id)
                           .where(User.email == "student@south-valley.example.org"))
    others = [s for s in students if s.id != login.id]
    assert login.language is None and login.phone is None
    spanish = sum(s.language == "es" for s in others) / len(others)
    families = sum(s.guardian_language == "es" for s in others) / len(others)
    assert 0.4 < spanish < 0.7 and spanish <= families < 0.8
    assert all(s.phone and s.phone.startswith("(559) 555-") and s.guardian_phone for s in others)
