"""The refusal a rule gives: one message, fit to show the person who typed the value."""
from __future__ import annotations


class RuleError(ValueError):
    """A value a rule refuses; ``message`` says why, in the words every door shows."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
