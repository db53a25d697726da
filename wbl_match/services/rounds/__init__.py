"""Match rounds, the intermediary's working day: create, open, solve, review, adjust, publish, re-match.

One path solves a round, whoever asks: ``request_solve`` then ``run_round`` (see ``solving.py``).
"""
from wbl_match.services.rounds.adjusting import exclude_pair, include_pair, pin_student, unpin
from wbl_match.services.rounds.comparing import Comparison, compare_solves, succeeded_solves
from wbl_match.services.rounds.errors import RoundError
from wbl_match.services.rounds.lifecycle import (
    RoundSettings, add_round, change_state, consortium_rounds, create_round, move_round, round_choices, settings_of,
    update_round,
)
from wbl_match.services.rounds.publishing import publish_round
from wbl_match.services.rounds.readiness import Readiness, round_readiness
from wbl_match.services.rounds.review import Review, latest_solve, round_review
from wbl_match.services.rounds.solving import active_solve, fail_solve, request_solve, run_round

__all__ = [
    "Comparison", "Readiness", "Review", "RoundError", "RoundSettings", "active_solve", "add_round", "change_state",
    "compare_solves", "consortium_rounds", "create_round", "exclude_pair", "fail_solve", "include_pair",
    "latest_solve", "move_round", "pin_student", "publish_round", "request_solve", "round_choices",
    "round_readiness", "round_review", "run_round", "settings_of", "succeeded_solves", "unpin", "update_round",
]
