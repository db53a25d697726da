"""The one error of round use cases: a refusal with a message fit to show the intermediary."""
from __future__ import annotations


class RoundError(Exception):
    """A request the round cannot accept now; ``field`` names the form field at fault, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def a_round(state) -> str:
    """``an open round``, ``a closed round``: the state in words, with its article."""
    word = getattr(state, "value", state)
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word} round"


def capital(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]
