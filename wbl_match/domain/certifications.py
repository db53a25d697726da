"""Certification names: one rule for what a name may be and one normal form, for every way in.

Students' certifications and slots' required certifications come from the portals' forms, from bulk import
and from the REST API. The matching engine compares the names exactly (a student meets a slot's requirement
when the very same string is among the student's certifications), so all of them store the same normal form:
Unicode NFC, spaces trimmed and collapsed, and a common certification (``reference.COMMON_CERTIFICATIONS``)
written by its code or its name in any case stored as its code (``"CPR"`` and ``"cpr"`` are both ``"cpr"``).
Other names keep their spelling; the round file gets them case-folded (``matching_names``), so the case a
person typed never decides a match.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from wbl_match.languages import N_, Message
from wbl_match.reference import COMMON_CERTIFICATIONS

#: Longest certification name, in characters.
MAX_LENGTH = 40
#: Most certifications one student holds or one slot requires.
MAX_COUNT = 20
#: Characters a name may use besides letters, digits and spaces. Commas and semicolons separate names in
#: forms and import files, so they cannot be part of one.
PUNCTUATION = "-'’.()/&+:#"
ALLOWED = Message(N_("letters, digits, spaces and %(punctuation)s"), punctuation=" ".join(PUNCTUATION))

_SEPARATORS = re.compile(r"[,;]")
_COMMON_BY_WORD = {**{code.casefold(): code for code in COMMON_CERTIFICATIONS},
                   **{name.casefold(): code for code, name in COMMON_CERTIFICATIONS.items()}}


def normalise_certification(name: str) -> str:
    """The stored form of one name (see the module's docstring); ``""`` for a blank one."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return _COMMON_BY_WORD.get(text.casefold().replace("’", "'"), text)


def normalise_certifications(names: Iterable[str]) -> list[str]:
    """The stored form of a list: each name normalised, blanks dropped, each name once, sorted."""
    return sorted({normal for normal in map(normalise_certification, names) if normal})


def split_certifications(text: str | None) -> list[str]:
    """The names in a comma- or semicolon-separated text, trimmed, blanks left out."""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def is_common(name: str) -> bool:
    return name in COMMON_CERTIFICATIONS


def _shown(name: str) -> str:
    text = "".join(ch if ch.isprintable() else "\ufffd" for ch in name)
    return f"“{text[:MAX_LENGTH]}…”" if len(text) > MAX_LENGTH else f"“{text}”"


def _characters(chars: list[str]) -> str:
    shown = [f"“{ch}”" if ch.isprintable() else f"U+{ord(ch):04X}" for ch in chars]
    return shown[0] if len(shown) == 1 else Message(N_("%(first)s or %(last)s"), first=", ".join(shown[:-1]),
                                                     last=shown[-1])


def certification_problem(name: str) -> str | None:
    """Why ``name`` cannot be a certification name, or None when it can.

    Judged on its normal form; a name longer than ``MAX_LENGTH`` as given is refused too.
    """
    normal = normalise_certification(name)
    if not normal:
        return N_("A certification name cannot be blank.")
    if len(name) > MAX_LENGTH or len(normal) > MAX_LENGTH:
        return Message(N_("%(name)s is too long: a certification name has at most %(most)s characters."),
                       name=_shown(normal), most=MAX_LENGTH)
    bad = [ch for ch in dict.fromkeys(normal) if not (ch.isalnum() or ch == " " or ch in PUNCTUATION)]
    if bad:
        return Message(N_("%(name)s cannot contain %(characters)s. Use %(allowed)s."), name=_shown(normal),
                       characters=_characters(bad), allowed=ALLOWED)
    if not any(ch.isalnum() for ch in normal):
        return Message(N_("%(name)s needs at least one letter or digit."), name=_shown(normal))
    return None


def certification_problems(names: Iterable[str]) -> list[str]:
    """Every problem of a list of names: each bad name, and too many names. Blank names are left out, not faults."""
    names = [name for name in names if name.strip()]
    problems = [problem for name in names if (problem := certification_problem(name))]
    if too_many := count_problem(names):
        problems.append(too_many)
    return problems


def count_problem(names: Iterable[str]) -> str | None:
    """The problem of too many names (each counted once in its normal form), or None."""
    if len(normalise_certifications(names)) > MAX_COUNT:
        return Message(N_("List at most %(most)s certifications."), most=MAX_COUNT)
    return None


def matching_names(names: Iterable[str] | None) -> tuple[str, ...]:
    """The names as the engine compares them: case-folded, each once, sorted.

    The engine matches names exactly; folding case here makes "Lifeguard" on a profile meet a slot's
    "lifeguard" (common certifications are stored as lower-case codes already).
    """
    return tuple(sorted({name.casefold() for name in names or ()}))
