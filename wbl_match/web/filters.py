"""Jinja filters that turn codes into words people read."""
from __future__ import annotations

from flask import Flask, current_app

from babel.dates import get_day_names
from flask_babel import gettext

from wbl_match import languages, localisation
from wbl_match.domain import phones
from wbl_match.web.languages import current_language

from wbl_match.models.enums import WEEKDAY_LABELS
from wbl_match.services import reason_words as words
from wbl_match.reference import COMMON_CERTIFICATIONS, PATHWAY_BY_CODE, SECTOR_BY_CODE
from wbl_match.web.vocabulary import STATUS_WORDS


def t(message):
    """A message written in English elsewhere (a label, a rule's message, a ``languages.Message`` with its
    numbers), in the page's language when the catalogue has it (``wbl_match.web.vocabulary`` lists the words
    it must have)."""
    return languages.translate(message, gettext, languages.LOCALES.get(current_language()))


def sector_name(code: str | None) -> str:
    sector = SECTOR_BY_CODE.get(code or "")
    return t(sector.name) if sector else (code or "—")


def pathway_name(code: str | None) -> str:
    pathway = PATHWAY_BY_CODE.get(code or "")
    return t(pathway.name) if pathway else (code or "—")


def certification_name(code: str) -> str:
    return t(COMMON_CERTIFICATIONS[code]) if code in COMMON_CERTIFICATIONS else code


def status_label(status) -> str:
    """A placement's status in words: ``offered`` (``ofrecida``)."""
    value = getattr(status, "value", status)
    return t(STATUS_WORDS.get(value, value))


def weekday_name(day: int, width: str = "wide") -> str:
    """Monday is 0: ``Monday`` (``wide``), ``Mon`` (``abbreviated``), in the page's language (``lunes``)."""
    if _locale() == localisation.DEFAULT_LOCALE:
        return WEEKDAY_LABELS[day] if width == "wide" else WEEKDAY_LABELS[day][:3]
    return str(get_day_names(width, locale=_locale())[day])


def weekly_interval(interval) -> str:
    """``Mon 15:00–17:30`` for a slot shift or availability row (``lun 15:00–17:30`` in Spanish)."""
    return f"{weekday_name(interval.day, 'abbreviated')} {interval.start_hhmm}–{interval.end_hhmm}"


def _zone() -> str:
    return current_app.config["TIME_ZONE"]


def _locale() -> str:
    """The Babel locale of the page's language (``en_US``, ``es_US``); English outside a request."""
    try:
        return languages.LOCALES.get(current_language(), localisation.DEFAULT_LOCALE)
    except RuntimeError:  # no request (a command rendering a template)
        return localisation.DEFAULT_LOCALE


def _unit() -> str:
    return current_app.config["DISTANCE_UNIT"]


def moment(value, style: str = "long") -> str:
    """A timestamp as the consortium's clock shows it: ``March 1, 2027, 5:00 PM PST``."""
    return localisation.format_moment(value, _zone(), _locale(), style=style)


def day(value, style: str = "long") -> str:
    """A date (or the local day of a timestamp): ``March 1, 2027``; ``full`` adds the weekday."""
    return localisation.format_day(value, _zone(), _locale(), style=style)


def clock(value) -> str:
    """The local time of day of a timestamp: ``5:00 PM PST``."""
    return localisation.format_clock(value, _zone(), _locale())


def distance(km, digits: int = 1) -> str:
    """A distance kept in km, in the configured unit: ``2.1 mi``."""
    return localisation.format_distance(km, _unit(), digits)


def distance_number(km, digits: int = 1) -> str:
    """The number alone (for table cells under a heading that names the unit)."""
    return "" if km is None else f"{localisation.km_to(_unit(), km):.{digits}f}"


def reason_words(reason, reader: str, slot_names=None) -> str:
    """An engine reason in the reader's words (``staff`` or ``student``), slots named, distances in the unit."""
    return words.reason_words(reason, reader, slot_names or {}, distance, current_language())


def what_if_words(what_if, reader: str, slot_names=None) -> str | None:
    """The engine's what-if in the reader's words."""
    return words.what_if_words(what_if, reader, slot_names or {}, distance, current_language())


def choice_words(rank, km) -> str:
    """Why a placement was chosen, without its cost: ``ranked 2nd, 3.4 mi``."""
    return words.choice_words(rank, km, distance)


def schedule_text(intervals) -> str:
    """``(day, start, end)`` rows as ``Mon 15:00–17:00; Wed 15:00–17:00`` in the page's language."""
    return "; ".join(f"{weekday_name(d, 'abbreviated')} {s // 60:02d}:{s % 60:02d}–{e // 60:02d}:{e % 60:02d}"
                     for d, s, e in intervals)


def masked_number(number: str | None) -> str:
    """A telephone number with only its last four digits showing."""
    return phones.masked(number) if number else "—"


def register_filters(app: Flask) -> None:
    localisation.use_time_zone(app.config["TIME_ZONE"])  # e-mails and letters too; an unknown zone stops the start
    localisation.check_unit(app.config["DISTANCE_UNIT"])
    for function in (moment, day, clock, distance, distance_number, reason_words, what_if_words, choice_words,
                     masked_number):
        app.add_template_filter(function)
    app.add_template_filter(words.slot_label, "slot_label")
    app.jinja_env.globals["distance_unit"] = lambda: _unit()
    app.add_template_filter(sector_name)
    app.add_template_filter(pathway_name)
    app.add_template_filter(certification_name)
    app.add_template_filter(weekly_interval)
    app.add_template_filter(weekday_name)
    app.add_template_filter(t)
    app.add_template_filter(status_label)
    app.add_template_filter(schedule_text)
