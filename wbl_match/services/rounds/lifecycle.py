"""The round's lifecycle: the one state machine every door (web, API, ``flask run-round``) goes through.

``TRANSITIONS`` lists every move of a round with the states it leaves from, the state it reaches and its
guard; ``EVENTS`` lists what happens to a round's placements and participants (an offer answered or expired,
a student withdrawn or reinstated, a slot closed or its capacity lowered) with the round states in which
each may happen. The use cases (``solving``, ``publishing``, ``offers``, ``adjusting``, students'
withdrawals) call ``check`` or ``check_event`` before they write, so a move is allowed or refused here
only. The invariants every move keeps are written once, in ``invariants.py``.

::

    draft --open--> open --close--> closed --solve--> solving --(solve ends)--> solved --publish--> published
    open --draft--> draft          closed --reopen--> open     solving --(fails, cancelled, killed)--> as before
    solved --solve again--> solving      solved --discard--> closed (or published, after a re-match)
    published --re-match--> solving      draft, published --archive--> archived
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.models import MatchRound, Placement, PlacementStatus, RoundState, SlotStatus, User
from wbl_match.services.audit import record_event
from wbl_match.services.rounds.errors import RoundError, a_round, capital
from wbl_match.services.rounds.locking import lock_round
from wbl_match.services.rounds.visibility import shown_to_participants

S = RoundState
Guard = Callable[[Session, MatchRound], "str | None"]


def has_offers(session: Session, round_id: int) -> bool:
    """The round has been published at least once: some placement of it was offered."""
    return session.scalar(sa.select(sa.exists().where(Placement.round_id == round_id,
                                                      shown_to_participants()))) or False


def _participants(_session: Session, match_round: MatchRound) -> str | None:
    if not match_round.schools:
        return "This round has no schools yet: choose them in the settings."
    if not any(slot.status is SlotStatus.OPEN for slot in match_round.slots):
        return "This round has no open slots yet: choose them in the settings."
    return None


def _never_published(session: Session, match_round: MatchRound) -> str | None:
    if has_offers(session, match_round.id):
        return "This round's offers are out: it cannot go back to ranking."
    return None


def _always(_session: Session, _match_round: MatchRound) -> str | None:
    return None


@dataclass(frozen=True)
class Transition:
    """A move of a round: from ``sources`` to ``target`` (``None``: decided by the move, see its use case)."""

    name: str
    sources: frozenset[RoundState]
    target: RoundState | None
    #: What the round "cannot be" in a refusal: "An open round cannot be solved."
    verb: str
    guard: Guard = _always


def _t(name: str, sources, target, verb: str, guard: Guard = _always) -> Transition:
    return Transition(name, frozenset(sources), target, verb, guard)


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    _t("open", (S.DRAFT,), S.OPEN, "opened"),
    _t("draft", (S.OPEN,), S.DRAFT, "returned to draft"),
    _t("close", (S.OPEN,), S.CLOSED, "closed"),
    _t("reopen", (S.CLOSED,), S.OPEN, "reopened", _never_published),
    _t("solve", (S.CLOSED,), S.SOLVING, "solved", _participants),
    _t("solve_again", (S.SOLVED,), S.SOLVING, "solved again", _participants),
    _t("rematch", (S.PUBLISHED,), S.SOLVING, "re-matched", _participants),
    # The solve's own end: it succeeded, or it failed, was cancelled or was found killed (back to before).
    _t("solve_succeeded", (S.SOLVING,), S.SOLVED, "given a result"),
    _t("solve_failed", (S.SOLVING,), None, "given a failure"),
    _t("cancel", (S.SOLVING,), None, "cancelled"),
    # Discarding proposals: back to closed, or to published when the proposals came from a re-match.
    _t("discard", (S.SOLVED,), None, "discarded"),
    _t("publish", (S.SOLVED,), S.PUBLISHED, "published until it is solved"),
    _t("archive", (S.DRAFT, S.PUBLISHED), S.ARCHIVED, "archived"),
)}

#: What happens to a round's rows, and the round states in which it may happen.
EVENTS: dict[str, frozenset[RoundState]] = {
    # A student (or staff for them) answers an offer; a re-match withdraws offers past their deadline.
    "offer_accepted": frozenset({S.PUBLISHED}),
    "offer_declined": frozenset({S.PUBLISHED}),
    "offer_expired": frozenset({S.PUBLISHED, S.SOLVING}),
    # Withdrawing or reinstating a student changes who takes part: never while a solve reads them.
    "student_withdrawn": frozenset(set(S) - {S.SOLVING}),
    "student_reinstated": frozenset(set(S) - {S.SOLVING}),
    # An employer closes a slot or lowers its capacity at any time; publishing re-checks both
    # (``capacity.py``), so no offer goes to a closed slot or beyond its places.
    "slot_closed": frozenset(S),
    "capacity_lowered": frozenset(S),
    # Pins change between solves; exclusions also before the first one.
    "pin": frozenset({S.SOLVED}),
    "exclude": frozenset({S.CLOSED, S.SOLVED}),
}

#: The moves ``change_state`` makes, by the state asked for.
STATE_MOVES = {S.OPEN: ("open", "reopen"), S.CLOSED: ("close", "discard"), S.DRAFT: ("draft",),
               S.ARCHIVED: ("archive",)}


def allowed(session: Session, match_round: MatchRound, name: str) -> bool:
    """The move ``name`` is allowed now (state and guard)."""
    transition = TRANSITIONS[name]
    return match_round.state in transition.sources and transition.guard(session, match_round) is None


def check(session: Session, match_round: MatchRound, name: str) -> Transition:
    """Raise ``RoundError`` unless the round may make the move ``name`` now; return the transition."""
    transition = TRANSITIONS[name]
    if match_round.state not in transition.sources:
        if match_round.state is S.SOLVING:
            raise RoundError(f"A solving round cannot be {transition.verb} until its solve ends "
                             f"(or is cancelled).")
        raise RoundError(f"{capital(a_round(match_round.state))} cannot be {transition.verb}.")
    refusal = transition.guard(session, match_round)
    if refusal:
        raise RoundError(refusal)
    return transition


def check_event(match_round: MatchRound, event: str, refusal: str) -> None:
    """Raise ``RoundError(refusal)`` unless ``event`` may happen to the round in its state."""
    if match_round.state not in EVENTS[event]:
        raise RoundError(refusal)


def event_allowed(state: RoundState, event: str) -> bool:
    return state in EVENTS[event]


def change_state(session: Session, actor: User | None, round_id: int, target: RoundState) -> MatchRound:
    """Open, close, return to draft, reopen, discard proposals or archive a round (by the state asked for)."""
    if target not in STATE_MOVES:
        raise RoundError("That change of state is not made here.")
    match_round = lock_round(session, round_id)
    try:
        move_round(session, actor, match_round, target)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return match_round


def move_round(session: Session, actor: User | None, match_round: MatchRound, target: RoundState) -> None:
    """Make the state change of ``change_state`` within the caller's transaction.

    The caller holds the round's lock (``lock_round``) or has just added the round, and commits.
    """
    if target not in STATE_MOVES:
        raise RoundError("That change of state is not made here.")
    names = [n for n in STATE_MOVES[target] if match_round.state in TRANSITIONS[n].sources]
    name = names[0] if names else STATE_MOVES[target][0]
    if name == "discard":
        discard_proposals(session, actor, match_round, closing=True)
        return
    check(session, match_round, name)
    previous = match_round.state
    match_round.state = target
    record_event(session, actor, f"round.{target.value}", match_round, previous=previous.value)


def discard_proposals(session: Session, actor: User | None, match_round: MatchRound, *,
                      closing: bool = False) -> RoundState:
    """Delete a solved round's proposals: back to closed, or to published after a re-match (its offers stand).

    ``closing`` is a request for "closed": refused when the round's offers are out.
    """
    check(session, match_round, "discard")
    published = has_offers(session, match_round.id)
    if closing and published:
        raise RoundError("This round's offers are out: discard the re-match's proposals instead "
                         "(the round returns to published).")
    session.execute(sa.delete(Placement).where(Placement.round_id == match_round.id,
                                               Placement.status == PlacementStatus.PROPOSED))
    previous, match_round.state = match_round.state, S.PUBLISHED if published else S.CLOSED
    record_event(session, actor, "round.discarded", match_round, previous=previous.value,
                 state=match_round.state.value)
    return match_round.state


def discard(session: Session, actor: User | None, round_id: int) -> MatchRound:
    """Discard a solved round's proposals (see ``discard_proposals``); commits."""
    match_round = lock_round(session, round_id)
    try:
        discard_proposals(session, actor, match_round)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return match_round
