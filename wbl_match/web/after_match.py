"""Shared by the after-the-match pages of every role: run one service call, flash its refusal or success."""
from __future__ import annotations

from typing import Any, Callable

from flask import flash

from wbl_match.services.errors import Refusal
from wbl_match.web.refusals import flash_refusal


def attempt(call: Callable[[], Any], success: str | Callable[[Any], str]) -> Any:
    """Run ``call``; flash ``success`` (or what it makes of the result), or its refusal (``web.refusals``).

    The service has rolled its own transaction back.
    """
    try:
        result = call()
    except Refusal as refusal:
        flash_refusal(refusal)
        return None
    flash(success(result) if callable(success) else success, "success")
    return result if result is not None else True


def placement_action(find: Callable[[int], Any], back: Callable[[Any], Any]) -> Callable[..., Any]:
    """One page's after-the-match actions as one call each: ``act(placement_id, call, success)`` finds the
    placement's record for this person (``find`` answers 404), runs ``call(progress)`` (one service call),
    flashes ``success`` (a text, or ``success(progress, result)``) or the refusal, and goes back (``back``)."""

    def act(placement_id: int, call: Callable[[Any], Any], success: str | Callable[[Any, Any], str]) -> Any:
        progress = find(placement_id)
        attempt(lambda: call(progress),
                (lambda result: success(progress, result)) if callable(success) else success)
        return back(progress)

    return act
