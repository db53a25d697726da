"""Jinja filters that turn codes into words people read."""
from __future__ import annotations

from flask import Flask, current_app

from wbl_match import localisation

from wbl_match.models.enums import WEEKDAY_LABELS
from wbl_match.services import reason_words as words
from wbl_match.reference import COMMON_CERTIFICATIONS, PATHWAY_BY_CODE, SECTOR_BY_CODE


def sector_name(code: str | None) -> str:
    sector = SECTOR_BY_CODE.get(code or "")
    return sector.name if sector else (code or "—")


def pathway_name(code: str | None) -> str:
    pathway = PATHWAY_BY_CODE.get(code or "")
    return pathway.name if pathway else (code or "—")


def certification_name(code: str) -> str:
    return COMMON_CERTIFICATIONS.get(code, code)


def weekly_interval(interval) -> str:
    """``Mon 15:00–17:30`` for a slot shift or availability row."""
    return f"{WEEKDAY_LABELS[interval.day][:3]} {interval.start_hhmm}–{interval.end_hhmm}"


def _zone() -> str:
    return current_app.config["TIME_ZONE"]


def _unit() -> str:
    return current_app.config["DISTANCE_UNIT"]


def moment(value, style: str = "long") -> str:
    """A timestamp as the consortium's clock shows it: ``March 1, 2027, 5:00 PM PST``."""
    return localisation.format_moment(value, _zone(), style=style)


def day(value, style: str = "long") -> str:
    """A date (or the local day of a timestamp): ``March 1, 2027``; ``full`` adds the weekday."""
    return localisation.format_day(value, _zone(), style=style)


def clock(value) -> str:
    """The local time of day of a timestamp: ``5:00 PM PST``."""
    return localisation.format_clock(value, _zone())


def distance(km, digits: int = 1) -> str:
    """A distance kept in km, in the configured unit: ``2.1 mi``."""
    return localisation.format_distance(km, _unit(), digits)


def distance_number(km, digits: int = 1) -> str:
    """The number alone (for table cells under a heading that names the unit)."""
    return "" if km is None else f"{localisation.km_to(_unit(), km):.{digits}f}"


def reason_words(reason, reader: str, slot_names=None) -> str:
    """An engine reason in the reader's words (``staff`` or ``student``), slots named, distances in the unit."""
    return words.reason_words(reason, reader, slot_names or {}, distance)


def what_if_words(what_if, reader: str, slot_names=None) -> str | None:
    """The engine's what-if in the reader's words."""
    return words.what_if_words(what_if, reader, slot_names or {}, distance)


def choice_words(rank, km) -> str:
    """Why a placement was chosen, without its cost: ``ranked 2nd, 3.4 mi``."""
    return words.choice_words(rank, km, distance)


def register_filters(app: Flask) -> None:
    localisation.time_zone(app.config["TIME_ZONE"])  # an unknown zone stops the start, not a page
    localisation.check_unit(app.config["DISTANCE_UNIT"])
    for function in (moment, day, clock, distance, distance_number, reason_words, what_if_words, choice_words):
        app.add_template_filter(function)
    app.add_template_filter(words.slot_label, "slot_label")
    app.jinja_env.globals["distance_unit"] = lambda: _unit()
    app.add_template_filter(sector_name)
    app.add_template_filter(pathway_name)
    app.add_template_filter(certification_name)
    app.add_template_filter(weekly_interval)
