"""Shared by the after-the-match pages of every role: run one service call, flash its refusal or success."""
from __future__ import annotations

from typing import Any, Callable

from flask import flash
from flask_babel import gettext

from wbl_match.extensions import db
from wbl_match.services.errors import FieldErrors, Refusal


def attempt(call: Callable[[], Any], success: str | Callable[[Any], str]) -> Any:
    """Run ``call``; flash ``success`` (or what it makes of the result), or the refusal's kind message."""
    try:
        result = call()
    except FieldErrors as problem:
        db.session.rollback()
        flash(" ".join(gettext(message) for messages in problem.errors.values() for message in messages), "error")
        return None
    except Refusal as refusal:
        db.session.rollback()
        flash(gettext(refusal.message), "error")
        return None
    flash(success(result) if callable(success) else success, "success")
    return result if result is not None else True
