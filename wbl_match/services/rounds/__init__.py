"""Match rounds, the intermediary's working day: create, open, solve, review, adjust, publish, re-match.

Every move of a round is the state machine's (``lifecycle.py``); one path solves a round, whoever asks:
``start_solve`` (``solving.py``) queues the job that runs ``run_round`` (``running.py``); ``cancel_solve``
stops it and ``check_solve`` notices one whose worker died. ``invariants.py`` states what every move keeps.
"""
from wbl_match.services.rounds.adjusting import exclude_pair, include_pair, pin_student, unpin
from wbl_match.services.rounds.comparing import Comparison, compare_solves, succeeded_solves
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.lifecycle import TRANSITIONS, change_state, discard, move_round
from wbl_match.services.rounds.publishing import publish_round
from wbl_match.services.rounds.readiness import Readiness, round_readiness
from wbl_match.services.rounds.review import Review, latest_solve, round_review
from wbl_match.services.rounds.running import run_round
from wbl_match.services.rounds.settings import (
    RoundSettings, add_round, consortium_rounds, create_round, round_choices, settings_of, update_round,
)
from wbl_match.services.rounds.solving import (
    active_solve, cancel_solve, check_solve, fail_solve, request_solve, start_solve,
)

__all__ = [
    "Comparison", "Readiness", "Review", "RoundError", "RoundSettings", "TRANSITIONS", "active_solve", "add_round",
    "cancel_solve", "change_state", "check_solve", "compare_solves", "consortium_rounds", "create_round", "discard",
    "exclude_pair", "fail_solve", "include_pair", "latest_solve", "move_round", "pin_student", "publish_round",
    "request_solve", "round_choices", "round_readiness", "round_review", "run_round", "settings_of", "start_solve",
    "succeeded_solves", "unpin", "update_round",
]
