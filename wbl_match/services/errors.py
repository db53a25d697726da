"""The one family of refusals raised by services, and the helpers services use to own their transactions.

Every refusal is a ``Refusal``: nothing was written, and the service has rolled its own transaction back
(``rolls_back_refusals``). ``message`` is fit to show the person who asked, ``errors`` maps form fields to
their messages, and ``status`` is the HTTP status a door answers with: 422 for values that are not valid,
409 for a request the record's state does not allow. The web turns a refusal into a flash or a form's
field errors in one place (``wbl_match.web.refusals``), the API into its JSON error body in one place
(``wbl_match.api.errors``).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Callable, TypeVar

from sqlalchemy.exc import IntegrityError

from wbl_match.domain.weekly import Interval, ScheduleError, normalise_intervals

F = TypeVar("F", bound=Callable[..., Any])
INVALID = "Some values are not valid; see 'errors'."


class Refusal(Exception):
    """A request a service refuses; nothing was written. Subclasses set ``status``."""

    status = 409

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}

    @property
    def field(self) -> str | None:
        """The first field at fault, if any."""
        return next(iter(self.errors), None)


class FieldErrors(Refusal, ValueError):
    """One or more fields are invalid; ``errors`` maps a form field name to its messages (HTTP 422)."""

    status = 422

    def __init__(self, errors: dict[str, list[str]] | None = None) -> None:
        errors = errors or {}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()) or INVALID, errors)

    @classmethod
    def single(cls, field: str, message: str) -> "FieldErrors":
        return cls({field: [message]})


class Refused(Refusal, ValueError):
    """A request that is well-formed but not allowed in the record's current state (HTTP 409)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, {field: [message]} if field else None)


class Collector:
    """Gathers field errors while a use case checks its input, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)


def checked_schedule(intervals: Iterable[Interval], errors: Collector, field: str,
                     required_message: str | None = None) -> list[Interval]:
    """Weekly intervals by the rule of ``domain.weekly`` (checked, merged); problems go to ``errors``."""
    try:
        merged = normalise_intervals(intervals)
    except ScheduleError as problem:
        errors.add(field, problem.message)
        return []
    if not merged and required_message:
        errors.add(field, required_message)
    return merged


def rolls_back_refusals(function: F) -> F:
    """Decorate a service taking the session first: a ``Refusal`` it raises rolls its transaction back."""

    @functools.wraps(function)
    def wrapper(session, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(session, *args, **kwargs)
        except Refusal:
            session.rollback()
            raise

    return wrapper  # type: ignore[return-value]


def commit_deletion(session, refusal: str) -> None:
    """Commit a deletion whose checks passed; if another request took the record into use in between (the
    database's foreign keys refuse the delete), roll back and raise ``Refused(refusal)``: nothing is deleted."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Refused(refusal) from None


CONCURRENT = "This conflicts with a record saved at the same time; read it again and retry."


@contextmanager
def conflicts_refused(session) -> Iterator[None]:
    """Around a service's writes and commit: a constraint the database enforces and another request broke
    between our checks and the write (a unique value taken meanwhile) rolls back and is a ``Refused``."""
    try:
        yield
    except IntegrityError:
        session.rollback()
        raise Refused(CONCURRENT) from None
