"""Random sequences of after-the-match actions keep every placement record whole.

A hypothesis state machine drives the services on one accepted placement per run (checklist items, good and
bad; the consortium's settings; start; hours; approval; completion; early end) and checks the record's
invariants after every step. Bounded: a few dozen runs of up to 20 steps.
"""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, Phase, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from wbl_match.models import AfterState, ReadinessKind, Role
from wbl_match.services.errors import FieldErrors, Refused
from wbl_match.services.placements import checklist, hours, lifecycle
from wbl_match.services.placements.consent import send_consent_link, sign_consent
from tests.after_support import employer_user, make_accepted, student_user, term_start, today  # noqa: F401

RUNS = int(os.environ.get("WBL_AFTER_STATE_RUNS", "30"))


def _machine(session, make_accepted, coordinator):
    class AfterMatch(RuleBasedStateMachine):
        @initialize(minor=st.booleans())
        def accept(self, minor):
            birth = today() - timedelta(days=(16 if minor else 19) * 366)
            self.placement = make_accepted(date_of_birth=birth)
            self.progress = lifecycle.progress_of(session, self.placement)
            session.commit()
            self.seen_states = {self.progress.state}

        def _try(self, call):
            try:
                call()
            except (Refused, FieldErrors):
                session.rollback()

        @rule(covers=st.booleans())
        def record_permit(self, covers):
            self._try(lambda: checklist.record_work_permit(
                session, coordinator, self.progress, statement_of_intent=True, number="WP",
                max_daily_hours="4" if covers else "1", max_weekly_hours="20",
                expires_on=(today() + timedelta(days=365)).isoformat()))

        @rule(long_enough=st.booleans())
        def record_insurance(self, long_enough):
            days = 365 if long_enough else 5
            self._try(lambda: checklist.record_insurance(session, employer_user(self.placement), self.progress,
                                                         insurer="Mutual",
                                                         expires_on=(today() + timedelta(days=days)).isoformat()))

        @rule()
        def accept_agreement(self):
            self._try(lambda: checklist.accept_agreement(session, employer_user(self.placement), self.progress,
                                                         "Sam Supervisor"))

        @rule()
        def record_orientation(self):
            self._try(lambda: checklist.record_orientation(session, coordinator, self.progress, today().isoformat()))

        @rule()
        def guardian_signs(self):
            def sign():
                tokens = []
                send_consent_link(session, coordinator, self.progress, "g@example.org", lambda t: tokens.append(t) or t)
                sign_consent(session, tokens[0], name="Pat Example", relationship="parent",
                             signed_on=today().isoformat(), from_address=None, agent=None)
            self._try(sign)

        @rule(kind=st.sampled_from(list(ReadinessKind)), required=st.booleans())
        def change_settings(self, kind, required):
            chosen = [checklist.Requirement(r.kind, r.asked, required if r.kind is kind else r.required,
                                            r.minors_only)
                      for r in checklist.requirements(session, coordinator.consortium_id)]
            self._try(lambda: checklist.save_requirements(session, coordinator, chosen))

        @rule()
        def start(self):
            self._try(lambda: lifecycle.start_placement(session, coordinator, self.progress))

        @rule(week=st.integers(0, 3), day=st.integers(0, 6), amount=st.sampled_from(["0", "1.5", "2", "9", "x"]))
        def log(self, week, day, amount):
            when = term_start() + timedelta(days=7 * week + day)
            self._try(lambda: hours.log_hours(session, student_user(self.placement), self.progress, when, amount))

        @rule(week=st.integers(0, 3))
        def approve(self, week):
            self._try(lambda: hours.approve_week(session, employer_user(self.placement), self.progress,
                                                 term_start() + timedelta(days=7 * week)))

        @rule()
        def complete(self):
            self._try(lambda: lifecycle.complete_placement(session, coordinator, self.progress))

        @rule(reason=st.sampled_from(["", "Moved away."]))
        def end_early(self, reason):
            self._try(lambda: lifecycle.end_early(session, coordinator, self.progress, reason))

        @invariant()
        def record_is_whole(self):
            if not hasattr(self, "progress"):
                return
            session.refresh(self.progress)
            assert lifecycle.check_invariants(self.progress) == []
            state = self.progress.state
            if state in (AfterState.PREPARING, AfterState.READY):
                assert (state is AfterState.READY) == (not checklist.missing_items(self.progress))
            totals = hours.placement_totals(self.progress)
            assert 0 <= totals.approved_minutes <= totals.logged_minutes
            assert all(e.work_date >= self.progress.start_on and e.work_date <= today() for e in self.progress.hours)
            # A final state is never left; started is never undone.
            if self.seen_states & set(lifecycle.FINAL_STATES):
                assert state in lifecycle.FINAL_STATES and len(self.seen_states & set(lifecycle.FINAL_STATES)) == 1
            if AfterState.STARTED in self.seen_states:
                assert state in (AfterState.STARTED, *lifecycle.FINAL_STATES)
            self.seen_states.add(state)

    return AfterMatch


def test_random_sequences_of_actions_keep_every_placement_record_whole(session, make_accepted, make_user):
    coordinator = make_user(Role.INTERMEDIARY)
    run_state_machine_as_test(_machine(session, make_accepted, coordinator), settings=settings(
        max_examples=RUNS, stateful_step_count=20, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck)))


def test_the_state_machine_fails_when_an_invariant_is_broken_on_purpose(session, make_accepted, make_user,
                                                                        monkeypatch):
    coordinator = make_user(Role.INTERMEDIARY)
    # Break the table's guard on purpose: any move is allowed (complete before starting, leave a final state).
    monkeypatch.setattr(lifecycle, "require_move", lambda progress, target: None)
    with pytest.raises(AssertionError):
        run_state_machine_as_test(_machine(session, make_accepted, coordinator), settings=settings(
            max_examples=RUNS, stateful_step_count=20, deadline=None, derandomize=True, database=None,
            phases=[Phase.generate], suppress_health_check=list(HealthCheck)))
