"""The web's one translation of a service's ``Refusal``: beside a form's fields, or as a flash.

A view that shows a form puts the refusal's field errors beside the fields (``refusal_into``); any other
refusal reaching the web unhandled is flashed and the person is sent back to the page they came from
(``register_refusal_handler``). The service has already rolled its transaction back.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, redirect, request, url_for
from flask_babel import gettext

from wbl_match.languages import translate

from wbl_match.services.errors import FieldErrors, Refusal


def _field_for(form, name: str):
    """The form field that shows a service's errors about ``name``: the field of that name, unless the form's
    ``error_fields`` sends them to another one."""
    return getattr(form, getattr(form, "error_fields", {}).get(name, name), None)


def field_errors_into(form, errors: dict[str, list[str]]) -> None:
    """Put a service's field errors beside the matching form fields (unknown names go to the form's top)."""
    for name, messages in errors.items():
        target = _field_for(form, name)
        if target is not None and hasattr(target, "errors"):
            if not isinstance(target.errors, list):
                target.errors = list(target.errors)
            target.errors.extend(messages)
        else:
            form.form_errors.extend(messages)


def refusal_into(form, refusal: Refusal) -> None:
    """A refusal shown on a form: beside its fields when it names them, else at the form's top."""
    if refusal.errors:
        field_errors_into(form, refusal.errors)
    else:
        form.form_errors.append(refusal.message)


def rule_errors_into(form, check) -> None:
    """After the form's own checks failed, also show the service's rule errors for the fields that passed.

    So a person sees every problem at once instead of one round of messages after another.
    """
    try:
        check()
    except FieldErrors as problem:
        for name, messages in problem.errors.items():
            target = _field_for(form, name)
            if target is None or not target.errors:
                field_errors_into(form, {name: messages})
    except (TypeError, ValueError):  # input too broken for the rules; the form's own messages say why
        pass


def refusal_text(refusal: Refusal) -> str:
    """A refusal in one line for a flash, in the page's language: its field messages when it has them, else its
    message."""
    if isinstance(refusal, FieldErrors) and refusal.errors:
        return " ".join(translate(message, gettext) for messages in refusal.errors.values() for message in messages)
    return translate(refusal.message, gettext)


def flash_refusal(refusal: Refusal) -> None:
    flash(refusal_text(refusal), "error")


def _back() -> str:
    """The page the request came from, when it is one of ours; else the home page."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("main.index")


def _refused(refusal: Refusal):
    flash_refusal(refusal)
    return redirect(_back())


def register_refusal_handler(app: Flask) -> None:
    """A refusal no view handled is flashed, and the person goes back to where they came from."""
    app.register_error_handler(Refusal, _refused)
