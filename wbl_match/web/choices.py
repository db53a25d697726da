"""Choice lists for forms, built from the reference vocabularies."""
from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from wbl_match.models import TravelMode
from wbl_match.reference import COMMON_CERTIFICATIONS, SECTORS


def sector_choices(blank: str | None = "Choose a sector") -> list[SelectChoice]:
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(s.code, s.name) for s in SECTORS]


def pathway_choices() -> list[SelectChoice]:
    return [SelectChoice("", "No particular pathway")] + [SelectChoice(p.code, p.name)
                                                          for s in SECTORS for p in s.pathways]


def certification_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in COMMON_CERTIFICATIONS.items()]


def travel_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Choose how you travel")] + [SelectChoice(m.value, m.label) for m in TravelMode]


def grade_choices(blank: str = "Any grade") -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(g), f"Grade {g}") for g in (9, 10, 11, 12)]


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


def rule_errors_into(form, check) -> None:
    """After the form's own checks failed, also show the service's rule errors for the fields that passed.

    So a person sees every problem at once instead of one round of messages after another.
    """
    from wbl_match.services.errors import FieldErrors

    try:
        check()
    except FieldErrors as problem:
        for name, messages in problem.errors.items():
            target = _field_for(form, name)
            if target is None or not target.errors:
                field_errors_into(form, {name: messages})
    except (TypeError, ValueError):  # input too broken for the rules; the form's own messages say why
        pass
