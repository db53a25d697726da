"""The one error of round use cases: a refusal with a message fit to show the intermediary."""
from __future__ import annotations


class RoundError(Exception):
    """A request the round cannot accept now; ``field`` names the form field at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
