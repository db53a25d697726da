"""The limits for minors in plain words, for staff and employers."""
from __future__ import annotations


def band_title(bands, index: int) -> str:
    """``Ages 14–15`` / ``Ages 16–17`` / ``Up to age 15`` from the bands' oldest ages."""
    ordered = sorted(bands, key=lambda b: b["max_age"])
    band = ordered[index]
    low = ordered[index - 1]["max_age"] + 1 if index > 0 else None
    if low is None:
        return f"Up to age {band['max_age']}"
    return f"Age {low}" if low == band["max_age"] else f"Ages {low}–{band['max_age']}"


def band_lines(band: dict) -> list[str]:
    """Each limit of a band as a short sentence."""
    lines = []
    if band.get("school_day_hours") is not None:
        lines.append(f"At most {_h(band['school_day_hours'])} on a school day (Monday to Friday in a school term).")
    if band.get("other_day_hours") is not None:
        lines.append(f"At most {_h(band['other_day_hours'])} on a day without school.")
    if band.get("school_week_hours") is not None:
        lines.append(f"At most {_h(band['school_week_hours'])} in a school week.")
    if band.get("vacation_week_hours") is not None:
        lines.append(f"At most {_h(band['vacation_week_hours'])} in a vacation week.")
    if band.get("earliest") or band.get("latest"):
        lines.append(f"Between {band.get('earliest', '00:00')} and {band.get('latest', '24:00')}"
                     + (f", until {band['latest_before_other_day']} before a day without school."
                        if band.get("latest_before_other_day") else "."))
    return lines or ["No limits set."]


def _h(hours) -> str:
    value = f"{float(hours):g}"
    return f"{value} hour" if value == "1" else f"{value} hours"
