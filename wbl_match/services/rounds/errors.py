"""The refusal of round use cases: a message fit to show the intermediary (a ``Refusal`` like every other)."""
from __future__ import annotations

from wbl_match.services.errors import Refusal


class RoundError(Refusal):
    """A request the round cannot accept now; ``field`` names the form field at fault, if any.

    With a field it is a 422 (the value is wrong), without one a 409 (the round's state forbids it).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, {field: [message]} if field else None)
        self.status = 422 if field else 409


def a_round(state) -> str:
    """``an open round``, ``a closed round``: the state in words, with its article."""
    word = getattr(state, "value", state)
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word} round"


def capital(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]
