"""The Spanish catalogue: every message of the source is in it, translated, with the same placeholders; it
compiles itself when missing; and the words that come from English-only sources are listed for it."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from wbl_match import languages
from wbl_match.config import PROJECT_ROOT
from wbl_match.matching.travel import MODES
from wbl_match.models import AfterState, EvaluationKind, ReadinessKind, Role, TravelMode
from wbl_match.reference import COMMON_CERTIFICATIONS, SECTORS
from wbl_match.services.placements.consent import RELATIONSHIPS
from wbl_match.services.placements.evaluations import CATEGORIES, RATINGS
from wbl_match.web import NAVIGATION, vocabulary

PO = languages.TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="es")


def _source_messages() -> set[str]:
    with (PROJECT_ROOT / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_of_the_source_is_in_the_spanish_catalogue():
    catalogue = {m.id[0] if isinstance(m.id, tuple) else m.id for m in _catalogue() if m.id}
    assert sorted(_source_messages() - catalogue) == []


def test_every_message_of_the_catalogue_is_translated_and_none_is_fuzzy():
    untranslated = [m.id for m in _catalogue() if m.id and (not all(m.string) if isinstance(m.string, tuple)
                                                            else not m.string)]
    assert untranslated == []
    assert [m.id for m in _catalogue() if m.id and m.fuzzy] == []


def test_each_translation_keeps_the_placeholders_and_links_of_its_message():
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == wanted, message.id
            assert string.count("<a ") == ids[0].count("<a ") and string.count("<strong>") == ids[0].count("<strong>")


def test_the_vocabulary_lists_every_word_that_reaches_family_pages_from_english_sources():
    listed = set(vocabulary.SECTOR_NAMES + vocabulary.PATHWAY_NAMES + vocabulary.CERTIFICATION_NAMES
                 + vocabulary.TRAVEL_WORDS + vocabulary.ROLE_WORDS + vocabulary.AFTER_WORDS
                 + vocabulary.NAVIGATION_WORDS) | set(vocabulary.STATUS_WORDS.values())
    needed = {s.name for s in SECTORS} | {p.name for s in SECTORS for p in s.pathways}
    needed |= set(COMMON_CERTIFICATIONS.values()) | {m.label for m in MODES} | {m.label for m in TravelMode}
    needed |= {r.label for r in Role} | {s.label for s in AfterState} | {k.label for k in ReadinessKind}
    needed |= {k.label for k in EvaluationKind} | {name for _, name, _ in CATEGORIES} | set(RATINGS.values())
    needed |= {label for _, label in NAVIGATION[Role.STUDENT]} | set(RELATIONSHIPS.values())
    assert sorted(needed - listed - _source_messages()) == []


def test_the_catalogue_compiles_itself_when_its_mo_file_is_missing_or_older(tmp_path):
    copy = tmp_path / "translations"
    shutil.copytree(languages.TRANSLATIONS / "es", copy / "es", ignore=shutil.ignore_patterns("*.mo"))
    mo = copy / "es" / "LC_MESSAGES" / "messages.mo"
    assert languages.ensure_compiled(copy) == [mo] and mo.stat().st_size > 0
    assert languages.ensure_compiled(copy) == []
    po = copy / "es" / "LC_MESSAGES" / "messages.po"
    po.touch()
    import os
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert languages.ensure_compiled(copy) == [mo]
    assert not list(Path(copy).rglob("*.tmp"))


def test_the_spanish_translations_are_read_from_the_catalogue_and_english_is_the_source():
    assert languages.translations("es").gettext("Save my profile") == "Guardar mi perfil"
    assert languages.translations("en").gettext("Save my profile") == "Save my profile"
    assert languages.translations(None).gettext("Save my profile") == "Save my profile"


@pytest.mark.parametrize("written, code", [("es", "es"), ("Spanish", "es"), ("Español", "es"), ("es-MX", "es"),
                                           ("ES_us", "es"), ("castellano", "es"), ("en", "en"), ("English", "en"),
                                           ("en-US", "en"), ("inglés", "en"), ("", None), ("  ", None), (None, None)])
def test_a_language_is_read_in_any_usual_spelling(written, code):
    assert languages.language_code(written) == code


@pytest.mark.parametrize("written", ["fr", "French", "Tagalog", "e"])
def test_a_language_the_service_does_not_speak_is_refused(written):
    with pytest.raises(ValueError, match="language must be one of English, Spanish"):
        languages.language_code(written)


def test_a_catalogue_that_cannot_be_written_is_skipped_with_a_warning_not_a_failed_start(tmp_path, monkeypatch,
                                                                                      caplog):
    copy = tmp_path / "translations"
    shutil.copytree(languages.TRANSLATIONS / "es", copy / "es", ignore=shutil.ignore_patterns("*.mo"))

    def read_only(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(languages.tempfile, "mkstemp", read_only)
    assert languages.ensure_compiled(copy) == []
    assert "could not compile" in caplog.text


def test_every_reason_the_engine_gives_has_its_spanish_words():
    """A reason code the engine gains without Spanish words would reach Spanish readers as the catch-all
    sentence; each code's base sentence (singular and plural) must be in the catalogue and translated."""
    from wbl_match.matching.explain import _STAGE_CODES
    from wbl_match.services.reason_words import STUDENT, reason_words

    fallback = languages.translations("es").gettext("This round had no place that fits you.")
    english = {"no_sector_match": "{n} slots are in career areas you did not choose.",
               "too_far": "{n} slots in your career areas are farther than you can travel (5.0 km).",
               "schedule_conflict": "{n} slots need hours when you are not free.",
               "ineligible": "{n} slots need a grade, age or certificate you do not have.",
               "work_hours": "{n} slots need more hours a week than the programme allows.",
               "no_pathway_match": "{n} slots are meant for other pathways than yours (you have no pathway on record).",
               "excluded": "The coordinator ruled out {n} slots for you.",
               "not_ranked": "{n} slots are not on your list of choices.",
               "capacity_taken": "{n} slots fit you, but other students filled all the places.",
               "no_feasible_slot": "No slot fits all the rules for you, so there was nothing to place you in."}
    assert set(_STAGE_CODES) | {"capacity_taken", "no_feasible_slot"} <= set(english)
    for code, message in english.items():
        for n in (1, 2):
            spanish = reason_words({"code": code, "message": message.format(n=n)}, STUDENT, {}, lambda km: f"{km} km",
                                   "es")
            assert spanish != fallback and spanish != message.format(n=n), code
