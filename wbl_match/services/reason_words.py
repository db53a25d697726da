"""The engine's reasons and what-ifs in the words of each reader: the one table, used wherever reasons show.

The engine writes its reasons to the student ("career areas you did not choose") and names slots by their
opaque ids ("slot j-345") and distances in km. Staff read them in the third person, students in the second;
both read a slot's title and employer instead of its id, and distances in the consortium's unit. The
``distance`` argument is the page's distance filter (km in, words out), so this module needs no Flask.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.models import Slot
from wbl_match.services.engine_io import slot_id_of, slot_key

STAFF, STUDENT = "staff", "student"
READERS = (STAFF, STUDENT)

#: Per reason code (and ``what_if`` for the suggestions): the engine's second-person phrases and what
#: staff read instead. Students read the engine's own words (with slots and distances rewritten).
WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "no_sector_match": (("career areas you did not choose", "career areas the student did not choose"),),
    "too_far": (("in your career areas", "in the student's career areas"),
                ("farther than you can travel", "farther than they can travel"),
                ("of your home", "of the student's home")),
    "schedule_conflict": (("hours when you are not free", "hours when the student is not free"),
                          ("needs you free on", "needs the student free on")),
    "ineligible": (("a grade, age or certificate you do not have", "a grade, age or certificate the student "
                    "does not have"),),
    "work_hours": (("students of your age", "students of their age"),),
    "no_pathway_match": (("other pathways than yours (you have no pathway on record)",
                          "other pathways, and the student has no pathway on record"),
                         ("other pathways than yours", "other pathways than the student's")),
    "excluded": (("The coordinator ruled out", "A coordinator ruled out"), (" for you.", " for this student.")),
    "not_ranked": (("ranked by both you and the employer", "ranked by both the student and the employer"),
                   ("on your list of choices", "on the student's list of choices")),
    "no_feasible_slot": (("No slot fits all the rules for you, so there was nothing to place you in.",
                          "No slot fits all the rules for this student, so there was nothing to place them in."),),
    "capacity_taken": (("fit you, but", "fit the student, but"), ("fits you, but", "fits the student, but")),
    #: The nearest miss told after any rule's count.
    "any": (("that fits you otherwise", "that fits the student otherwise"),),
    "what_if": (("be able to travel", "being able to travel"),
                ("Be free on", "Being free on"), ("Add ", "Adding "), ("to your career interests", "to their career "
                "interests"), ("to your list of choices", "to their list of choices"), ("Have the", "Having the"),
                ("Have grade", "Being in grade"), ("Have age", "Being aged"), ("Be ranked by", "Being ranked by"),
                ("Choose a pathway", "Choosing a pathway"), ("open to your pathway", "open to their pathway")),
}

#: A reason's short name, for filters and headings (staff read these).
REASON_NAMES = {
    "too_far": "Too far to travel", "schedule_conflict": "Not free when the slots are",
    "ineligible": "Grade, age or certificate", "work_hours": "Hours beyond the limits for minors",
    "no_pathway_match": "Other pathways", "excluded": "Ruled out by a coordinator",
    "not_ranked": "Not ranked", "capacity_taken": "Places all taken", "no_sector_match": "No slot in their career areas",
    "no_feasible_slot": "No slot fits",
}

_SLOT = re.compile(r"\b[Ss]lot (j-?\d+)")
_KM = re.compile(r"(\d+(?:\.\d+)?) km\b")


def reason_words(reason: Mapping, reader: str, slot_names: Mapping[str, str], distance: Callable) -> str:
    """One engine reason (``{"code", "slots", "message"}``) in ``reader``'s words."""
    return _words(reason.get("message", ""), reason.get("code", ""), reader, slot_names, distance)


def what_if_words(what_if: Mapping | None, reader: str, slot_names: Mapping[str, str], distance: Callable) -> str | None:
    """The engine's what-if in ``reader``'s words (None when there is none)."""
    if not what_if or not what_if.get("message"):
        return None
    return _words(what_if["message"], "what_if", reader, slot_names, distance)


def slot_keys(entries) -> set[str]:
    """The slot keys (``j-…``) named in some unplaced entries' reasons and what-ifs (to load their names)."""
    keys = set()
    for entry in entries:
        texts = [r.get("message", "") for r in entry.get("reasons", [])]
        texts.append((entry.get("what_if") or {}).get("message", ""))
        for text in texts:
            keys.update(_SLOT.findall(text))
    return keys


def slot_names(session: Session, entries: Iterable[Mapping]) -> dict[str, str]:
    """``{"j-7": "Accounting office intern at Rivera & Associates CPAs (Visalia)"}`` for the slots the entries name."""
    ids = [slot_id_of(key) for key in slot_keys(entries)]
    if not ids:
        return {}
    slots = session.scalars(sa.select(Slot).where(Slot.id.in_(ids)).options(selectinload(Slot.employer)))
    return {slot_key(s.id): slot_label(s) for s in slots}


def slot_label(slot: Slot) -> str:
    """What tells a slot apart in a sentence: its title, employer and town."""
    where = "remote" if slot.is_remote else (slot.site_city or "")
    return f"{slot.title} at {slot.employer.name}" + (f" ({where})" if where else "")


def _words(text: str, code: str, reader: str, slot_names: Mapping[str, str], distance: Callable) -> str:
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}")
    if reader == STAFF:
        for engine, staff in (*WORDS.get(code, ()), *WORDS["any"]):
            text = text.replace(engine, staff)
    text = _SLOT.sub(lambda m: slot_names.get(m.group(1), "a slot of the round"), text)
    return _KM.sub(lambda m: distance(float(m.group(1))), text)


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def choice_words(rank: int | None, km: float | None, distance: Callable) -> str:
    """Why the engine chose a slot, without its cost: ``ranked 2nd, 3.4 mi`` / ``not ranked, remote``."""
    first = f"ranked {ordinal(rank)}" if rank else "not ranked"
    return f"{first}, {'remote' if km is None else distance(km)}"
