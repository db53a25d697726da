"""Choice lists for forms, built from the reference vocabularies."""
from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from wbl_match.domain.requirements import GRADES
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
    return [SelectChoice("", blank)] + [SelectChoice(str(g), f"Grade {g}") for g in GRADES]
