"""Field-level validation errors raised by the use cases, so that forms can show them beside each field."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError


class FieldErrors(ValueError):
    """One or more fields are invalid; ``errors`` maps a form field name to its messages. Nothing was written."""

    def __init__(self, errors: dict[str, list[str]] | None = None) -> None:
        self.errors: dict[str, list[str]] = {k: list(v) for k, v in (errors or {}).items()}
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in self.errors.items()))

    @classmethod
    def single(cls, field: str, message: str) -> "FieldErrors":
        return cls({field: [message]})


class Collector:
    """Gathers field errors while a use case checks its input, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise FieldErrors(self.errors)


class Refused(ValueError):
    """A request that is well-formed but not allowed in the record's current state; ``message`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def commit_deletion(session, refusal: str) -> None:
    """Commit a deletion whose checks passed; if another request took the record into use in between (the
    database's foreign keys refuse the delete), roll back and raise ``Refused(refusal)``: nothing is deleted."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Refused(refusal) from None
