"""The matching engine: round files in, checked placements out.

Pure: standard library, numpy, OR-Tools and msgspec (reading JSON) only. See docs/engine.md.
"""

from .constants import ENGINE_VERSION, SECTORS
from .errors import InvalidResultError, RoundFileError
from .instance import CostEntry, Interval, Pair, Point, Policy, Round, Slot, Student, Travel, WorkBand
from .parsing import load_round, read_round_file, round_from_json
from .result import Placement, Reason, Result, SlotFill, Unplaced, WhatIf
from .solver import solve
from .travel import TRAVEL_MODES
from .validity import check_validity

__all__ = [
    "ENGINE_VERSION", "SECTORS", "TRAVEL_MODES",
    "RoundFileError", "InvalidResultError",
    "Round", "Student", "Slot", "Policy", "Point", "Travel", "Interval", "Pair", "CostEntry", "WorkBand",
    "Result", "Placement", "Unplaced", "Reason", "WhatIf", "SlotFill",
    "load_round", "read_round_file", "round_from_json", "solve", "check_validity",
]
