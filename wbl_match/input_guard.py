"""The request-level check of input no field can hold, before any view reads it.

Every request's query and form values, and a JSON body's keys and values, are checked here once:

- a NUL character (``\\0``), which no text field stores (PostgreSQL refuses it in text);
- a JSON body nested deeper than ``MAX_JSON_DEPTH`` (Python's parser would run out of stack);
- a JSON number that is not finite (``NaN``, ``Infinity``, ``1e999999``) or an integer of more than
  ``MAX_INTEGER_DIGITS`` digits (Python refuses to convert 4,300 digits or more; no field holds such a value).

Such a request is refused with ``UnreadableInput`` (422) naming the field; the API answers it as JSON and
the site as an error page (each in its one place). Invalid JSON is left to the API's own 400.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Iterator

from flask import Flask, request

from wbl_match.services.errors import FieldErrors

MAX_JSON_DEPTH = 32
MAX_INTEGER_DIGITS = 18  # a signed 64-bit integer holds every 18-digit number
NUL_MESSAGE = "Contains a NUL character (\\0), which text never holds; remove it."
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")


class UnreadableInput(FieldErrors):
    """A request with a value no field can hold; ``errors`` names each field (HTTP 422)."""


class _Bad:
    """A JSON number the body cannot hold, kept with its text until its field's name is known."""

    def __init__(self, text: str, message: str) -> None:
        self.text, self.message = text, message


def _integer(text: str) -> Any:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _Bad(text, f"A number of {len(text.lstrip('-')):,} digits is far larger than any value accepted.")
    return int(text)


def _float(text: str) -> Any:
    number = float(text)
    if not math.isfinite(number):
        return _Bad(text, f"'{text[:20]}' is too large to be a number here.")
    return number


def _constant(text: str) -> Any:
    return _Bad(text, f"'{text}' is not a number; send a finite number.")


def json_depth(data: bytes, limit: int) -> int:
    """How deep ``data``'s arrays and objects nest, counting no further than ``limit + 1``."""
    brackets = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", data))
    depth = deepest = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def _problems(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, _Bad):
        yield path or "json", value.message
    elif isinstance(value, str):
        if "\x00" in value:
            yield path or "json", NUL_MESSAGE
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                yield name.replace("\x00", "\\0"), "A field's name contains a NUL character (\\0); remove it."
            yield from _problems(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, f"{path}.{index}" if path else str(index))


def json_problems(data: bytes) -> dict[str, list[str]]:
    """The fields of a JSON body that no field can hold, with their messages (empty if none, or not JSON)."""
    if json_depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        return {"json": [f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep; no request needs more."]}
    try:
        parsed = json.loads(data, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except (ValueError, RecursionError):
        return {}  # not JSON: the API's own parser answers 400
    errors: dict[str, list[str]] = {}
    for name, message in _problems(parsed, ""):
        errors.setdefault(name, []).append(message)
    return errors


def _text_problems() -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for values in (request.args, request.form):
        for name, value in values.items(multi=True):
            if "\x00" in name or "\x00" in value:
                errors.setdefault(name.replace("\x00", "\\0"), []).append(NUL_MESSAGE)
    return errors


def check_request() -> None:
    """Refuse (``UnreadableInput``) a request carrying a value no field can hold."""
    errors = _text_problems()
    if request.is_json and request.content_length != 0:
        errors.update(json_problems(request.get_data(cache=True)))
    if errors:
        raise UnreadableInput(errors)


def init_app(app: Flask) -> None:
    app.before_request(check_request)
