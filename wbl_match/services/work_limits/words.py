"""The limits for minors in plain words, for staff and employers (and for students, in their language)."""
from __future__ import annotations

from wbl_match.languages import translations


def band_title(bands, index: int) -> str:
    """``Ages 14–15`` / ``Ages 16–17`` / ``Up to age 15`` from the bands' oldest ages."""
    ordered = sorted(bands, key=lambda b: b["max_age"])
    band = ordered[index]
    low = ordered[index - 1]["max_age"] + 1 if index > 0 else None
    if low is None:
        return f"Up to age {band['max_age']}"
    return f"Age {low}" if low == band["max_age"] else f"Ages {low}–{band['max_age']}"


def band_lines(band: dict, language: str | None = None) -> list[str]:
    """Each limit of a band as a short sentence (in ``language``, English by default)."""
    _ = translations(language).gettext
    lines = []
    if band.get("school_day_hours") is not None:
        lines.append(_("At most %(hours)s on a school day (Monday to Friday in a school term).")
                     % {"hours": _h(band["school_day_hours"], language)})
    if band.get("other_day_hours") is not None:
        lines.append(_("At most %(hours)s on a day without school.") % {"hours": _h(band["other_day_hours"], language)})
    if band.get("school_week_hours") is not None:
        lines.append(_("At most %(hours)s in a school week.") % {"hours": _h(band["school_week_hours"], language)})
    if band.get("vacation_week_hours") is not None:
        lines.append(_("At most %(hours)s in a vacation week.") % {"hours": _h(band["vacation_week_hours"], language)})
    if band.get("earliest") or band.get("latest"):
        between = {"earliest": band.get("earliest", "00:00"), "latest": band.get("latest", "24:00"),
                   "before": band.get("latest_before_other_day")}
        lines.append(_("Between %(earliest)s and %(latest)s, until %(before)s before a day without school.") % between
                     if between["before"] else _("Between %(earliest)s and %(latest)s.") % between)
    return lines or [_("No limits set.")]


def _h(hours, language: str | None = None) -> str:
    value = f"{float(hours):g}"
    return translations(language).ngettext("%(value)s hour", "%(value)s hours", 1 if value == "1" else 2) \
        % {"value": value}
