"""Random sequences of every round action, through the services, keep every invariant after every step.

A hypothesis ``RuleBasedStateMachine`` builds a small consortium (one school, five students, three slots
of one or two places, two rounds over the same slots) and drives the state machine's transitions and
events in random order: open, close, reopen, back to draft, archive, solve, solve again, re-match, discard,
publish, cancel a solve, a solve whose worker dies, offers accepted, declined and expired, students
withdrawn and reinstated, slots closed and capacities lowered, pins and exclusions. After every step
``services.rounds.invariants.breaches`` must be empty. A refusal is a fine answer; a broken round is not.

Replay or widen a run with ``WBL_STATE_MACHINE_SEED`` and ``WBL_STATE_MACHINE_SEQUENCES`` (default 200
sequences of ``WBL_STATE_MACHINE_STEPS``, default 30, steps each); the seed is printed. A failure is shown
as it was found; ``WBL_STATE_MACHINE_SHRINK=1`` also shrinks it to a shortest sequence (slow).
"""
from __future__ import annotations

import os
import random
from datetime import date, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, seed, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, get_state_machine_test, invariant, rule

from wbl_match.extensions import db
from wbl_match.models import (
    ACTIVE_PLACEMENT_STATUSES, Consortium, Employer, MatchRound, Placement, PlacementStatus, Role, RoundState,
    School, Slot, SlotShift, SlotStatus, SolveStatus, StudentAvailability, StudentProfile, StudentSectorInterest,
    TravelMode, User,
)
from wbl_match.models.base import utcnow
from wbl_match.services.employers.slots import close_slot
from wbl_match.services.employers.slot_records import save_slot
from wbl_match.services.errors import Refusal
from wbl_match.services.rounds import (
    cancel_solve, change_state, check_solve, discard, exclude_pair, pin_student, publish_round, request_solve,
    run_round,
)
from wbl_match.services.rounds.invariants import breaches
from wbl_match.services.rounds.offers import respond_to_offer
from wbl_match.services.rounds import solving
from wbl_match.services.students.withdrawals import reinstate_student, withdraw_student
from tests.conftest import _empty_tables

SEED = int(os.environ.get("WBL_STATE_MACHINE_SEED") or random.randrange(2 ** 32))
SEQUENCES = int(os.environ.get("WBL_STATE_MACHINE_SEQUENCES", "200"))
STEPS = int(os.environ.get("WBL_STATE_MACHINE_STEPS", "30"))
SECTOR = "health-science-medical-technology"
PHASES = list(Phase) if os.environ.get("WBL_STATE_MACHINE_SHRINK") else [p for p in Phase if p is not Phase.shrink]
MOVES = (RoundState.OPEN, RoundState.CLOSED, RoundState.DRAFT, RoundState.ARCHIVED)


def _consortium(session) -> dict:
    """One school, five students, three slots (two employers), two rounds over the same slots, both closed."""
    consortium = Consortium(slug="machine", name="Machine Consortium")
    session.add(consortium)
    session.flush()
    school = School(consortium_id=consortium.id, cds_code="54710000000001", name="School", city="Visalia",
                    lat=36.33, lon=-119.29)
    employers = [Employer(consortium_id=consortium.id, name=f"Employer {n}", city="Visalia") for n in range(2)]
    session.add_all([school, *employers])
    session.flush()
    staff = User(consortium_id=consortium.id, email="staff@example.org", name="Pat Staff", role=Role.INTERMEDIARY,
                 password_hash="x", session_version=1)
    session.add(staff)
    students = []
    for n in range(5):
        student = StudentProfile(consortium_id=consortium.id, school_id=school.id, external_id=f"S{n}",
                                 first_name=f"Student{n}", last_name="Example", grade=11,
                                 date_of_birth=date(2010, 5, 1), home_zip="93291", home_lat=36.33, home_lon=-119.29,
                                 travel_mode=TravelMode.CAR, max_km=20.0)
        student.interests = [StudentSectorInterest(sector_code=SECTOR, rank=1)]
        student.availability = [StudentAvailability(day=0, start_minute=15 * 60, end_minute=18 * 60)]
        students.append(student)
    slots = [Slot(consortium_id=consortium.id, employer_id=employers[n % 2].id, title=f"Slot {n}",
                  capacity=1 + n % 2, sector_code=SECTOR, site_lat=36.33, site_lon=-119.30, status=SlotStatus.OPEN,
                  safety_attested_at=utcnow(), term_start=date(2027, 6, 14), term_end=date(2027, 7, 30),
                  shifts=[SlotShift(day=0, start_minute=15 * 60, end_minute=17 * 60)]) for n in range(3)]
    session.add_all(students + slots)
    session.flush()
    rounds = [MatchRound(consortium_id=consortium.id, name=f"Round {n}", term_start=date(2027, 6, 14),
                         schools=[school], slots=list(slots), state=RoundState.CLOSED) for n in range(2)]
    session.add_all(rounds)
    session.commit()
    return dict(consortium=consortium.id, staff=staff.id, students=[s.id for s in students],
                slots=[s.id for s in slots], rounds=[r.id for r in rounds])


class RoundMachine(RuleBasedStateMachine):
    """The round actions of every door, on a fresh small consortium for each sequence."""

    steps_seen: list[int] = []

    def __init__(self) -> None:
        super().__init__()
        db.session.remove()
        _empty_tables()
        self.ids = _consortium(db.session)
        self.accepted: dict[int, int] = {}
        self.offers_at_closing: dict[int, set[int]] = {}
        self.steps = -1  # the invariant runs once before the first step

    # --- helpers -------------------------------------------------------------------------------------------
    @property
    def session(self):
        return db.session

    def staff(self) -> User:
        return self.session.get(User, self.ids["staff"])

    def attempt(self, action, *args, **kwargs):
        """Run a service as a door does: a refusal is an answer (the service rolled back), nothing else is."""
        try:
            return action(self.session, *args, **kwargs)
        except Refusal:
            return None

    def live(self, round_id, status=None):
        statuses = (status,) if status else ACTIVE_PLACEMENT_STATUSES
        return self.session.scalars(sa.select(Placement).where(Placement.round_id == round_id,
                                                               Placement.status.in_(statuses))
                                    .order_by(Placement.id)).all()

    # --- the round's transitions ---------------------------------------------------------------------------
    @rule(r=st.integers(0, 1), state=st.sampled_from(MOVES))
    def move(self, r, state):
        self.attempt(change_state, self.staff(), self.ids["rounds"][r], state)

    @rule(r=st.integers(0, 1))
    def discard_proposals(self, r):
        self.attempt(discard, self.staff(), self.ids["rounds"][r])

    @rule(r=st.integers(0, 1), rematch=st.sampled_from([False, True, None]))
    def solve(self, r, rematch):
        run = self.attempt(request_solve, self.staff(), self.ids["rounds"][r], rematch=rematch)
        if run is not None:
            assert run_round(self.session, run.id).status is SolveStatus.SUCCEEDED

    @rule(r=st.integers(0, 1), killed=st.booleans())
    def solve_that_never_finishes(self, r, killed):
        """A solve is requested and then cancelled, or its worker dies and a later read notices."""
        round_id = self.ids["rounds"][r]
        run = self.attempt(request_solve, self.staff(), round_id)
        if run is None:
            return
        if killed:
            long_ago = utcnow() - solving.LOST_AFTER - timedelta(seconds=5)
            run.status, run.started_at, run.heartbeat_at = SolveStatus.RUNNING, long_ago, long_ago
            self.session.commit()
            assert check_solve(self.session, round_id) is None
        else:
            self.attempt(cancel_solve, self.staff(), round_id)

    @rule(r=st.integers(0, 1))
    def publish(self, r):
        self.attempt(publish_round, self.staff(), self.ids["rounds"][r])

    # --- events on the round's rows ------------------------------------------------------------------------
    @rule(r=st.integers(0, 1), n=st.integers(0, 4), accept=st.booleans())
    def answer(self, r, n, accept):
        offers = self.live(self.ids["rounds"][r], PlacementStatus.OFFERED)
        if offers:
            self.attempt(respond_to_offer, self.staff(), offers[n % len(offers)], accept, "Told us by phone")

    @rule(r=st.integers(0, 1), n=st.integers(0, 4))
    def offer_expires(self, r, n):
        offers = self.live(self.ids["rounds"][r], PlacementStatus.OFFERED)
        if offers:
            offers[n % len(offers)].expires_at = utcnow() - timedelta(minutes=1)
            self.session.commit()

    @rule(n=st.integers(0, 4))
    def withdraw_or_reinstate(self, n):
        student = self.session.get(StudentProfile, self.ids["students"][n])
        if student.is_withdrawn:
            self.attempt(reinstate_student, self.staff(), student)
        else:
            self.attempt(withdraw_student, self.staff(), student, "left_school")

    @rule(n=st.integers(0, 2))
    def slot_closed(self, n):
        slot = self.session.get(Slot, self.ids["slots"][n])
        if slot.status is SlotStatus.CLOSED:
            return
        self.offers_at_closing[slot.id] = set(self.session.scalars(sa.select(Placement.id).where(
            Placement.slot_id == slot.id, Placement.offered_at.is_not(None))))
        self.attempt(close_slot, self.staff(), slot)

    @rule(n=st.integers(0, 2), places=st.integers(1, 2))
    def capacity_changed(self, n, places):
        slot = self.session.get(Slot, self.ids["slots"][n])
        self.attempt(save_slot, self.staff(), slot.consortium_id, {"capacity": places}, slot)

    @rule(r=st.integers(0, 1), n=st.integers(0, 4), s=st.integers(0, 2), pin=st.booleans())
    def adjust(self, r, n, s, pin):
        action = pin_student if pin else exclude_pair
        self.attempt(action, self.staff(), self.ids["rounds"][r], self.ids["students"][n], self.ids["slots"][s])

    @rule(n=st.integers(0, 4))
    def placement_ends_early(self, n):
        """An accepted placement (an open offer is accepted first when there is none) ends early: its place is
        free again for a re-match or the other round."""
        from wbl_match.services.placements import lifecycle

        def placements(status):
            return self.session.scalars(sa.select(Placement).where(Placement.status == status)
                                        .order_by(Placement.id)).all()

        if not placements(PlacementStatus.ACCEPTED) and placements(PlacementStatus.OFFERED):
            offers = placements(PlacementStatus.OFFERED)
            self.attempt(respond_to_offer, self.staff(), offers[n % len(offers)], True, "Told us by phone")
        accepted = placements(PlacementStatus.ACCEPTED)
        if not accepted:
            return
        progress = self.attempt(lifecycle.progress_of, accepted[n % len(accepted)])
        if progress is None:
            return
        self.session.commit()
        self.attempt(lifecycle.end_early, self.staff(), progress, "The student moved away.")

    # --- after every step ----------------------------------------------------------------------------------
    @invariant()
    def round_is_whole(self):
        self.steps += 1
        self.session.expire_all()
        for placement_id, slot_id in self.session.execute(sa.select(Placement.id, Placement.slot_id).where(
                Placement.status == PlacementStatus.ACCEPTED)):
            self.accepted.setdefault(placement_id, slot_id)
        found = breaches(self.session, self.ids["consortium"], accepted=self.accepted,
                         offers_at_closing=self.offers_at_closing)
        assert found == [], found

    def teardown(self):
        RoundMachine.steps_seen.append(self.steps)
        db.session.remove()


def test_random_sequences_of_round_actions_keep_every_invariant(app, capsys):
    with capsys.disabled():
        print(f"\nround state machine: WBL_STATE_MACHINE_SEED={SEED} WBL_STATE_MACHINE_SEQUENCES={SEQUENCES} "
              f"WBL_STATE_MACHINE_STEPS={STEPS}")
    RoundMachine.steps_seen = []
    test = get_state_machine_test(RoundMachine, settings=settings(
        max_examples=SEQUENCES + 2, stateful_step_count=STEPS, deadline=None, database=None, derandomize=False,
        suppress_health_check=list(HealthCheck), print_blob=True,
        # Shrinking a failure of 30 solving steps takes minutes: only when asked (the seed replays it anyway).
        phases=PHASES), _min_steps=STEPS)
    seed(SEED)(test)()
    full = [steps for steps in RoundMachine.steps_seen if steps >= STEPS]  # hypothesis may add an empty one
    with capsys.disabled():
        print(f"round state machine: {len(full)} sequences of at least {STEPS} steps kept every invariant")
    assert len(full) >= SEQUENCES, RoundMachine.steps_seen
