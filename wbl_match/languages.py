"""The languages people read: English and Spanish, one catalogue for pages, e-mails and letters.

Pure functions (no Flask): the site's locale selector (``wbl_match.web.languages``), the e-mails that
services write and the printed letters all read the same catalogue,
``wbl_match/translations/<lang>/LC_MESSAGES/messages.po``. Its compiled ``.mo`` is built from the ``.po``
when missing or older (at install, at test and at the application's start), so a fresh clone runs.
"""
from __future__ import annotations

import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

log = logging.getLogger(__name__)
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "en"
#: Code -> the language's own name (the switch shows each language in itself).
LANGUAGES = {"en": "English", "es": "Español"}
#: Code -> the Babel locale its dates and numbers are written in.
LOCALES = {"en": "en_US", "es": "es_US"}
#: Code -> the name staff read on English pages.
LANGUAGE_LABELS = {"en": "English", "es": "Spanish"}
#: What an import or a form may say for each language.
_SPELLINGS = {"en": "en", "eng": "en", "english": "en", "inglés": "en", "ingles": "en",
              "es": "es", "spa": "es", "spanish": "es", "español": "es", "espanol": "es", "castellano": "es"}


def language_code(value: str | None) -> str | None:
    """``en`` or ``es`` for any usual way of writing the language (``Spanish``, ``es-MX``, ``Español``);
    None for a blank value; raises ``ValueError`` for a language the service does not speak."""
    if value is None or not value.strip():
        return None
    key = value.strip().lower().replace("_", "-")
    code = _SPELLINGS.get(key) or _SPELLINGS.get(key.split("-")[0])
    if code is None:
        raise ValueError(f"language must be one of {', '.join(LANGUAGE_LABELS.values())} (or en, es), not {value!r}")
    return code


def ensure_compiled(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile each ``messages.po`` under ``root`` whose ``.mo`` is missing or older; return those compiled.

    Written to a temporary file and renamed, so that processes starting together never read half a file."""
    compiled = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name)
        try:
            fd, temporary = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
            with os.fdopen(fd, "wb") as handle:
                write_mo(handle, catalog)
            os.replace(temporary, mo_path)
        except OSError as error:  # an installed, read-only package: `make install` compiled it, or it stays English
            log.warning("could not compile %s (%s); its language is not served until it is compiled", po_path, error)
            continue
        compiled.append(mo_path)
    translations.cache_clear()
    return compiled


@lru_cache(maxsize=8)
def translations(language: str | None) -> NullTranslations:
    """The catalogue of ``language`` (English, the source language, translates nothing)."""
    if language not in LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [language], domain="messages")


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written (a model's label, a service's rule); the page
    translates it where it is shown (the ``t`` filter). Returns ``message`` unchanged."""
    return message


class Message(str):
    """A message with values in it (a number, a name): as a string it is the English, and it keeps its template
    and values so that each page writes it in its reader's language (``translate``). Mark the template with
    ``N_`` where it is written, so the catalogue has it: ``Message(N_("Rank at most %(most)s slots."), most=5)``.
    """

    template: str
    values: dict

    def __new__(cls, template: str, **values) -> "Message":
        english = {k: _value(v, None) for k, v in values.items()}
        made = super().__new__(cls, template % english if values else template)
        made.template, made.values = template, values
        return made


def _value(value, locale: str | None):
    """A message's value as written: a day in the locale's words (``4 March 2027`` / ``4 de marzo de 2027``)."""
    from datetime import date, datetime

    if isinstance(value, date) and not isinstance(value, datetime):
        if locale is None:
            return f"{value:%d %B %Y}"
        from babel.dates import format_date

        return format_date(value, format="long", locale=locale)
    return value


def translate(message, gettext, locale: str | None = None) -> str:
    """``message`` in the language of ``gettext`` (a catalogue's ``gettext``): a ``Message`` by its template,
    its values that are messages translated too and its days written in ``locale``; any other text as it is
    written."""
    if isinstance(message, Message):
        values = {k: translate(v, gettext, locale) if isinstance(v, Message) else _value(v, locale)
                  for k, v in message.values.items()}
        return gettext(message.template) % values if values else gettext(message.template)
    return gettext(message) if isinstance(message, str) and message else message
