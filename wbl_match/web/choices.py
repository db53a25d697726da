"""Choice lists for forms, built from the reference vocabularies (their labels in the page's language)."""
from __future__ import annotations

from flask_babel import lazy_gettext
from wtforms.fields.choices import SelectChoice

from wbl_match.domain.requirements import GRADES
from wbl_match.languages import LANGUAGES
from wbl_match.models import TravelMode
from wbl_match.reference import COMMON_CERTIFICATIONS, SECTORS


def sector_choices(blank: str | None = lazy_gettext("Choose a sector")) -> list[SelectChoice]:
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(s.code, lazy_gettext(s.name)) for s in SECTORS]


def pathway_choices() -> list[SelectChoice]:
    return [SelectChoice("", lazy_gettext("No particular pathway"))] + [
        SelectChoice(p.code, lazy_gettext(p.name)) for s in SECTORS for p in s.pathways]


def certification_choices() -> list[SelectChoice]:
    return [SelectChoice(code, lazy_gettext(name)) for code, name in COMMON_CERTIFICATIONS.items()]


def travel_choices() -> list[SelectChoice]:
    return [SelectChoice("", lazy_gettext("Choose how you travel"))] + [
        SelectChoice(m.value, lazy_gettext(m.label)) for m in TravelMode]


def grade_choices(blank: str = "Any grade") -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(g), f"Grade {g}") for g in GRADES]


def language_choices() -> list[SelectChoice]:
    """Each language in its own name (``English``, ``Español``), as people look for their own."""
    return [SelectChoice(code, name) for code, name in LANGUAGES.items()]
