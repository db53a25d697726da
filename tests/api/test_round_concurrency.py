"""Many requests at once on one round, with real threads and real transactions (on PostgreSQL with
``WBL_TEST_DATABASE_URL``; SQLite serialises its writers, and the same tests hold there too)."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from wbl_match.extensions import db
from wbl_match.models import AuditEvent, MatchRound, Placement, PlacementStatus, Preference, Role, RoundState
from wbl_match.models.base import utcnow
from wbl_match.services.errors import Refusal
from wbl_match.services.students.preferences import save_preferences

TIMES = 50


def _all_at_once(work, times=TIMES):
    barrier, outcomes, lock = threading.Barrier(times), [], threading.Lock()

    def run(n):
        barrier.wait()
        outcome = work(n)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_fifty_simultaneous_answers_to_one_offer_record_exactly_one(app, session, consortium, make_student,
                                                                     make_slot, bearer):
    match_round = MatchRound(consortium_id=consortium.id, name="R", state=RoundState.PUBLISHED)
    session.add(match_round)
    session.flush()
    placement = Placement(round_id=match_round.id, student_id=make_student().id, slot_id=make_slot().id,
                          status=PlacementStatus.OFFERED, offered_at=utcnow())
    session.add(placement)
    session.commit()
    headers, placement_id = bearer(), placement.id

    def answer(n):
        response = app.test_client().post(f"/api/v1/placements/{placement_id}/response",
                                          json={"accept": n % 2 == 0, "reason": f"call {n}"}, headers=headers)
        return response.status_code, response.get_json()

    outcomes = _all_at_once(answer)

    codes = sorted(code for code, _ in outcomes)
    assert codes == [200] + [409] * (TIMES - 1), codes
    refused = {body["message"] for code, body in outcomes if code == 409}
    assert refused == {"This offer has already been answered or withdrawn."}
    session.expire_all()
    winner = next(body for code, body in outcomes if code == 200)
    assert session.get(Placement, placement_id).status.value == winner["status"]
    answers = session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.entity_type == "placements", AuditEvent.entity_id == placement_id))
    assert answers == 1


def test_fifty_concurrent_ranking_saves_by_one_student_all_succeed_and_leave_one_ranking(
        app, session, make_user, make_student, make_slot):
    user = make_user(Role.STUDENT)
    student = make_student(user_id=user.id)
    slots = [make_slot(title=f"slot {n}") for n in range(3)]
    match_round = MatchRound(consortium_id=student.consortium_id, name="Open", state=RoundState.OPEN, max_ranked=3,
                             slots=slots, schools=[student.school])
    session.add(match_round)
    session.commit()
    ids = dict(user=user.id, student=student.id, round=match_round.id, slots=[s.id for s in slots])

    def save(n):
        with app.app_context():
            try:
                from wbl_match.models import StudentProfile, User

                ranks = {slot_id: (i + n) % 3 + 1 for i, slot_id in enumerate(ids["slots"])}
                save_preferences(db.session, db.session.get(User, ids["user"]),
                                 db.session.get(StudentProfile, ids["student"]),
                                 db.session.get(MatchRound, ids["round"]), ranks)
                return "saved"
            except Refusal as refusal:
                return refusal.message
            except Exception as error:  # what a server error would be
                return f"error: {type(error).__name__}"
            finally:
                db.session.remove()

    outcomes = _all_at_once(save)

    assert outcomes == ["saved"] * TIMES
    ranks = session.scalars(sa.select(Preference.rank).where(Preference.student_id == ids["student"])
                            .order_by(Preference.rank)).all()
    assert ranks == [1, 2, 3]
