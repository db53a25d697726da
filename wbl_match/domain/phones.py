"""Telephone numbers that can receive a text message: written as people write them, sent in E.164.

A US number may be written with or without its country code, with spaces, dots, dashes or brackets
(``(559) 555-0134``, ``559.555.0134``, ``+1 559 555 0134``); any other country's number needs its ``+``.
"""
from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s().\-]")


def text_number(value: str | None) -> str | None:
    """The number in E.164 (``+15595550134``), or None when ``value`` is not a number a text can go to."""
    if not value:
        return None
    compact = _SEPARATORS.sub("", value.strip())
    if compact.startswith("+"):
        digits = compact[1:]
        return f"+{digits}" if digits.isdigit() and 8 <= len(digits) <= 15 and digits[0] != "0" else None
    if not compact.isdigit():
        return None
    if len(compact) == 11 and compact.startswith("1"):
        compact = compact[1:]
    if len(compact) == 10 and compact[0] in "23456789" and compact[3] in "23456789":
        return f"+1{compact}"
    return None


def masked(number: str) -> str:
    """The number as staff lists show it without giving it away whole: ``+1 ••• ••• 0134``."""
    return f"{number[:2]} ••• ••• {number[-4:]}" if len(number) >= 8 else "•••"
