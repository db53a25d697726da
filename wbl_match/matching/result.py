"""The result of a solve, and its ``wbl-match-result/1`` form."""

from dataclasses import dataclass, field

import msgspec

from .allocation import cycle_collector_paused
from .constants import ENGINE_VERSION, RESULT_FORMAT


@dataclass(frozen=True, slots=True)
class Placement:
    """A placed student, the slot and the cost used for the pair."""

    student: str
    slot: str
    cost: int

    def to_dict(self) -> dict:
        """Return ``{"student", "slot", "cost"}``."""
        return {"student": self.student, "slot": self.slot, "cost": self.cost}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a student is unplaced: a reason code, how many slots, and plain words."""

    code: str
    slots: int
    message: str

    def to_dict(self) -> dict:
        """Return ``{"code", "slots", "message"}``."""
        return {"code": self.code, "slots": self.slots, "message": self.message}


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The smallest single change that would give the student a slot (project field).

    ``kind`` is one of distance, schedule, certification, grade, age, sector,
    ranking, work_hours, pathway; ``details`` holds the figures (e.g. ``extra_km``).
    """

    kind: str
    slot: str
    message: str
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Return ``{"kind", "slot", "message", ...details}``."""
        return {"kind": self.kind, "slot": self.slot, "message": self.message, **self.details}


@dataclass(frozen=True, slots=True)
class Unplaced:
    """An unplaced student with at least one reason and, when one exists, a what-if."""

    student: str
    reasons: tuple[Reason, ...]
    what_if: WhatIf | None = None

    def to_dict(self) -> dict:
        """Return the ``unplaced`` entry; ``what_if`` only when there is one."""
        out = {"student": self.student, "reasons": [r.to_dict() for r in self.reasons]}
        if self.what_if is not None:
            out["what_if"] = self.what_if.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class SlotFill:
    """How full a slot is."""

    slot: str
    capacity: int
    filled: int

    def to_dict(self) -> dict:
        """Return ``{"slot", "capacity", "filled"}``."""
        return {"slot": self.slot, "capacity": self.capacity, "filled": self.filled}


@dataclass(frozen=True)
class Result:
    """A solved round. ``stats`` holds counts and, under ``seconds``, phase timings."""

    status: str
    mechanism: str
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    slots: tuple[SlotFill, ...]
    stats: dict

    @property
    def placed(self) -> int:
        """Number of placed students."""
        return len(self.placements)

    @property
    def total_cost(self) -> int:
        """Sum of the costs of the placements."""
        return sum(p.cost for p in self.placements)

    def to_dict(self) -> dict:
        """Return the ``wbl-match-result/1`` dict."""
        return {
            "format": RESULT_FORMAT,
            "status": self.status,
            "mechanism": self.mechanism,
            "objective": {"placed": self.placed, "total_cost": self.total_cost},
            "placements": [p.to_dict() for p in self.placements],
            "unplaced": [u.to_dict() for u in self.unplaced],
            "slots": [s.to_dict() for s in self.slots],
            "stats": {**self.stats, "engine_version": ENGINE_VERSION},
        }

    def to_json(self, indent: int | None = None) -> bytes:
        """The result file's UTF-8 text (compact, or indented by ``indent`` spaces), ending in a newline.

        msgspec writes the same text as ``json.dumps(..., ensure_ascii=False)``, several times faster.
        """
        with cycle_collector_paused():
            text = msgspec.json.encode(self.to_dict())
        if indent is not None:
            text = msgspec.json.format(text, indent=indent)
        return text + b"\n"
