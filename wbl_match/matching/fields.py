"""Typed readers for JSON values; each raises ``RoundFileError`` naming the path."""

import math

from .errors import RoundFileError

_MISSING = object()


def get(obj: dict, key: str, path: str, required: bool = False):
    """Return ``obj[key]``; ``None`` when absent or null unless ``required``."""
    value = obj.get(key)
    if value is None and required:
        raise RoundFileError(join(path, key), "is required")
    return value


def join(path: str, key: str) -> str:
    """Join a parent path and a key: ``students[3]`` + ``home`` → ``students[3].home``."""
    return f"{path}.{key}" if path else key


def as_object(value, path: str) -> dict:
    """Return ``value`` if it is a JSON object."""
    if not isinstance(value, dict):
        raise RoundFileError(path, "must be an object")
    return value


def as_array(value, path: str) -> list:
    """Return ``value`` if it is a JSON array."""
    if not isinstance(value, list):
        raise RoundFileError(path, "must be an array")
    return value


def as_id(value, path: str) -> str:
    """Return ``value`` if it is a non-empty string."""
    if not isinstance(value, str) or not value:
        raise RoundFileError(path, "must be a non-empty string")
    return value


def as_int(value, path: str, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` if it is an integer (not a boolean) within ``low``…``high``."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise RoundFileError(path, "must be an integer")
    _check_range(value, path, low, high)
    return value


def as_number(value, path: str, low: float | None = None, high: float | None = None) -> float:
    """Return ``value`` as a float if it is a finite number within ``low``…``high``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RoundFileError(path, "must be a number")
    _check_range(value, path, low, high)
    return float(value)


def as_positive(value, path: str) -> float:
    """Return ``value`` if it is a finite number greater than 0."""
    number = as_number(value, path)
    if number <= 0:
        raise RoundFileError(path, "must be greater than 0")
    return number


def as_bool(value, path: str) -> bool:
    """Return ``value`` if it is ``true`` or ``false``."""
    if not isinstance(value, bool):
        raise RoundFileError(path, "must be true or false")
    return value


def as_choice(value, path: str, choices) -> str:
    """Return ``value`` if it is one of ``choices``."""
    if value not in choices or not isinstance(value, str):
        raise RoundFileError(path, "must be one of " + ", ".join(f'"{c}"' for c in choices))
    return value


def as_id_list(value, path: str) -> tuple[str, ...]:
    """Return a tuple of non-empty strings, rejecting repeats."""
    seen: dict[str, int] = {}
    for i, item in enumerate(as_array(value, path)):
        item_path = f"{path}[{i}]"
        as_id(item, item_path)
        if item in seen:
            raise RoundFileError(item_path, f'"{item}" is listed twice (also at [{seen[item]}])')
        seen[item] = i
    return tuple(value)


def as_time(value, path: str) -> int:
    """Return minutes after midnight for ``HH:MM`` (``24:00`` allowed as an end)."""
    minutes = TIMES.get(value) if isinstance(value, str) else None
    if minutes is None:
        raise RoundFileError(path, 'must be a time "HH:MM" on the 24-hour clock')
    return minutes


# Every valid time, precomputed: a dict lookup is several times faster than a
# regular expression, and round files hold hundreds of thousands of times.
TIMES = {f"{h:02d}:{m:02d}": h * 60 + m for h in range(24) for m in range(60)}
TIMES["24:00"] = 1440


def _check_range(value, path, low, high) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            raise RoundFileError(path, f"must be between {_num(low)} and {_num(high)}")
        if low is not None:
            raise RoundFileError(path, f"must be at least {_num(low)}")
        raise RoundFileError(path, f"must be at most {_num(high)}")


def _num(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
