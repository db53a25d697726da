"""The engine's reasons and what-ifs in the words of each reader: the one table, used wherever reasons show.

The engine writes its reasons to the student ("career areas you did not choose") and names slots by their
opaque ids ("slot j-345") and distances in km. Staff read them in the third person, students in the second;
both read a slot's title and employer instead of its id, and distances in the consortium's unit. A student
who reads Spanish gets each reason rebuilt in Spanish from the engine's sentence (``_es_reason``). The
``distance`` argument is the page's distance filter (km in, words out), so this module needs no Flask.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from wbl_match.languages import DEFAULT_LANGUAGE, translations
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


def reason_words(reason: Mapping, reader: str, slot_names: Mapping[str, str], distance: Callable,
                 language: str = DEFAULT_LANGUAGE) -> str:
    """One engine reason (``{"code", "slots", "message"}``) in ``reader``'s words; a student reads it in
    ``language`` (staff read English)."""
    if reader == STUDENT and language != DEFAULT_LANGUAGE:
        name = _slot_namer(slot_names, language)
        text = _es_reason(reason.get("code", ""), reason.get("message", ""), language, name)
        return _KM.sub(lambda m: distance(float(m.group(1))), text)
    return _words(reason.get("message", ""), reason.get("code", ""), reader, slot_names, distance)


def what_if_words(what_if: Mapping | None, reader: str, slot_names: Mapping[str, str], distance: Callable,
                  language: str = DEFAULT_LANGUAGE) -> str | None:
    """The engine's what-if in ``reader``'s words (None when there is none, or none in the student's
    ``language``)."""
    if not what_if or not what_if.get("message"):
        return None
    if reader == STUDENT and language != DEFAULT_LANGUAGE:
        text = _es_what_if(what_if["message"], language, _slot_namer(slot_names, language))
        return _KM.sub(lambda m: distance(float(m.group(1))), text) if text else None
    return _words(what_if["message"], "what_if", reader, slot_names, distance)


def _slot_namer(slot_names: Mapping[str, str], language: str) -> Callable[[str], str]:
    _ = translations(language).gettext

    def name(key: str) -> str:
        found = slot_names.get(key)
        if found is None:
            return _("a slot of the round")
        return found.in_language(language) if isinstance(found, SlotName) else str(found)

    return name


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


class SlotName(str):
    """A slot's name in a sentence (``Clinic assistant at Valley Clinic (Visalia)``), which also knows how to
    be written in another language."""

    title: str
    employer: str
    city: str | None
    remote: bool

    def __new__(cls, title: str, employer: str, city: str | None, remote: bool) -> "SlotName":
        where = "remote" if remote else (city or "")
        made = super().__new__(cls, f"{title} at {employer}" + (f" ({where})" if where else ""))
        made.title, made.employer, made.city, made.remote = title, employer, city, remote
        return made

    def in_language(self, language: str) -> str:
        _ = translations(language).gettext
        where = _("remote") if self.remote else (self.city or "")
        return _("%(title)s at %(employer)s") % {"title": self.title, "employer": self.employer} + (
            f" ({where})" if where else "")


def slot_label(slot: Slot) -> SlotName:
    """What tells a slot apart in a sentence: its title, employer and town."""
    return SlotName(slot.title, slot.employer.name, slot.site_city, bool(slot.is_remote))


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


# --- Spanish -------------------------------------------------------------------------------------------------
# The engine writes English. A Spanish reader gets each reason rebuilt from the engine's sentence: its base
# (by code and count) and, where the engine told it, the nearest slot that missed; a detail this table does
# not know is left out rather than shown in English (the base sentence still says why).

_N = r"(?P<n>\d+) slots?"
_SLOT_ID = r"slot (?P<slot>j-?\d+)"
_WHERE = r"(?:, (?P<km>\d+(?:\.\d+)?) km away)?"
_LEAD = r" The nearest one(?P<otherwise> that fits you otherwise)?"
_ES_DAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WHEN = re.compile(r"(?P<day>" + "|".join(_EN_DAYS) + r") (?P<start>\d\d:\d\d)–(?P<end>\d\d:\d\d)")


def _es_when(text: str, _) -> str | None:
    """``Thursday 15:00–17:00 and Friday 09:00–10:00`` in Spanish (None if it is not that)."""
    parts = text.split(" and ")
    found = [_WHEN.fullmatch(p) for p in parts]
    if not all(found):
        return None
    words = [_("%(day)s %(start)s–%(end)s") % {"day": _ES_DAYS[_EN_DAYS.index(m["day"])], "start": m["start"],
                                                   "end": m["end"]} for m in found]
    return _es_join(words, _)


def _es_join(words: list[str], _) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " " + _("and") + " " + words[-1]


def _es_missing(text: str, _) -> str | None:
    """``the CPR certificate and grade 12 or higher`` in Spanish."""
    words = []
    for part in text.split(" and "):
        if m := re.fullmatch(r"the (?P<names>.+) certificates?", part):
            words.append(_("the certificate %(names)s") % {"names": m["names"]} if not part.endswith("s")
                         else _("the certificates %(names)s") % {"names": m["names"]})
        elif m := re.fullmatch(r"grade (?P<grade>\d+) or higher", part):
            words.append(_("grade %(grade)s or higher") % {"grade": m["grade"]})
        elif m := re.fullmatch(r"age (?P<age>\d+) or older", part):
            words.append(_("age %(age)s or older") % {"age": m["age"]})
        else:
            return None
    return _es_join(words, _) if words else None


def _es_pathways(text: str, _) -> str | None:
    """``the nursing pathway`` / ``the a, b or c pathways`` in Spanish, each pathway by its name."""
    from wbl_match.reference import PATHWAY_BY_CODE

    m = re.fullmatch(r"the (?P<names>.+) pathways?", text)
    if m is None:
        return None
    codes = re.split(r", | or ", m["names"])
    names = [_(PATHWAY_BY_CODE[c].name) if c in PATHWAY_BY_CODE else c for c in codes]
    if len(names) == 1:
        return _("the %(name)s pathway") % {"name": names[0]}
    return _("the %(names)s pathways") % {"names": ", ".join(names[:-1]) + " " + _("or") + " " + names[-1]}


def _es_pathway(code: str, _) -> str:
    from wbl_match.reference import PATHWAY_BY_CODE

    return _(PATHWAY_BY_CODE[code].name) if code in PATHWAY_BY_CODE else code


def _es_sector(name: str, _) -> str:
    return _("no set career area") if name == "no set career area" else _(name)


def _es_limit(text: str, _) -> str | None:
    """``40 minutes by bus or train (about 8.6 km)`` / ``8.6 km`` in Spanish."""
    if re.fullmatch(r"\d+(?:\.\d+)? km", text):
        return text
    m = re.fullmatch(r"(?P<minutes>\d+(?:\.\d+)?) minutes (?P<mode>.+) \(about (?P<km>\d+(?:\.\d+)? km)\)", text)
    if m is None:
        return None
    return _("%(minutes)s minutes %(mode)s (about %(km)s)") % {"minutes": m["minutes"], "mode": _(m["mode"]),
                                                               "km": m["km"]}


def _es_nearest(kind: str, m, _, name, **words) -> str:
    lead = _("The nearest one that fits you otherwise") if m["otherwise"] else _("The nearest one")
    place = (" (" + name(m["slot"]) if m.groupdict().get("slot") else "")
    if place:
        place += (", " + _("%(km)s km away") % {"km": m["km"]} if m["km"] else "") + ")"
    elif m.groupdict().get("km"):
        place = ", " + _("%(km)s km away") % {"km": m["km"]} + ","
    return " " + {
        "sector": _("%(lead)s%(place)s is in %(sector)s."),
        "distance": _("%(lead)s is %(distance)s km away."),
        "schedule": _("%(lead)s%(place)s needs you free on %(when)s."),
        "missing": _("%(lead)s%(place)s needs %(missing)s."),
        "pathway": _("%(lead)s%(place)s is meant for %(pathways)s."),
    }[kind] % {"lead": lead, "place": place, **words}


def _es_reason(code: str, text: str, language: str, name) -> str:
    """One engine reason in Spanish: its base sentence by code and count, and what it says of the nearest miss
    when this table knows the words."""
    t = translations(language)
    _, ngettext = t.gettext, t.ngettext
    m = re.match(_N, text) or re.search(r"ruled out " + _N, text)
    n = int(m["n"]) if m else 0
    base = {
        "no_sector_match": ngettext("%(num)d slot is in career areas you did not choose.",
                                    "%(num)d slots are in career areas you did not choose.", n),
        "too_far": ngettext("%(num)d slot in your career areas is farther than you can travel.",
                            "%(num)d slots in your career areas are farther than you can travel.", n),
        "schedule_conflict": ngettext("%(num)d slot needs hours when you are not free.",
                                      "%(num)d slots need hours when you are not free.", n),
        "ineligible": ngettext("%(num)d slot needs a grade, age or certificate you do not have.",
                               "%(num)d slots need a grade, age or certificate you do not have.", n),
        "work_hours": ngettext("%(num)d slot needs more hours, or earlier or later hours, than students of your "
                               "age may work.",
                               "%(num)d slots need more hours, or earlier or later hours, than students of your "
                               "age may work.", n),
        "no_pathway_match": ngettext("%(num)d slot is meant for other pathways than yours.",
                                     "%(num)d slots are meant for other pathways than yours.", n),
        "excluded": ngettext("The coordinator ruled out %(num)d slot for you.",
                             "The coordinator ruled out %(num)d slots for you.", n),
        "not_ranked": ngettext("%(num)d slot is not on your list of choices.",
                               "%(num)d slots are not on your list of choices.", n),
        "capacity_taken": ngettext("%(num)d slot fits you, but other students filled all the places.",
                                   "%(num)d slots fit you, but other students filled all the places.", n),
        "no_feasible_slot": _("No slot fits all the rules for you, so there was nothing to place you in."),
    }
    if code not in base or (code != "no_feasible_slot" and m is None):
        return _("This round had no place that fits you.")
    words = base[code] % {"num": n} if code != "no_feasible_slot" else base[code]
    if code == "work_hours" and "than the programme allows" in text:
        words = ngettext("%(num)d slot needs more hours a week than the programme allows.",
                         "%(num)d slots need more hours a week than the programme allows.", n) % {"num": n}
    if code == "not_ranked" and "ranked by both you and the employer" in text:
        words = ngettext("%(num)d slot is not ranked by both you and the employer.",
                         "%(num)d slots are not ranked by both you and the employer.", n) % {"num": n}
    if code == "capacity_taken" and "ranked higher" in text:
        words = ngettext("%(num)d slot fits you, but its employer filled it with students it ranked higher.",
                         "%(num)d slots fit you, but their employers filled them with students they ranked "
                         "higher.", n) % {"num": n}
    if code == "too_far" and (limit := re.search(r"farther than you can travel \((?P<limit>.+?)\)\.", text)):
        limit_words = _es_limit(limit["limit"], _)
        if limit_words:
            words = words.rstrip(".") + f" ({limit_words})."
    if code == "no_pathway_match" and (mine := re.search(r"other pathways than yours \((?P<p>[^)]*)\)", text)):
        words = words.rstrip(".") + " (" + (_("you have no pathway on record") if mine["p"].startswith("you have")
                                            else _es_pathway(mine["p"], _)) + ")."
    return words + _es_detail(code, text, _, name)


def _es_detail(code: str, text: str, _, name) -> str:
    if m := re.search(r" None of them is within (?P<km>\d+(?:\.\d+)?) km of your home\.$", text):
        return " " + _("None of them is within %(km)s km of your home.") % {"km": m["km"]}
    if code == "no_sector_match" and (m := re.search(_LEAD + r" is in (?P<sector>.+?)" + _WHERE + r"\.$", text)):
        return _es_nearest("sector", m, _, name, sector=_es_sector(m["sector"], _))
    if code == "too_far" and (m := re.search(_LEAD + r" is (?P<distance>\d+(?:\.\d+)?) km away\.$", text)):
        return _es_nearest("distance", m, _, name, distance=m["distance"])
    if code == "schedule_conflict" and (m := re.search(_LEAD + r" \(" + _SLOT_ID + _WHERE
                                                       + r"\) needs you free on (?P<when>.+)\.$", text)):
        when = _es_when(m["when"], _)
        return _es_nearest("schedule", m, _, name, when=when) if when else ""
    if code == "ineligible" and (m := re.search(_LEAD + r" \(" + _SLOT_ID + _WHERE + r"\) needs (?P<missing>.+)\.$",
                                                text)):
        missing = _es_missing(m["missing"], _)
        return _es_nearest("missing", m, _, name, missing=missing) if missing else ""
    if code == "no_pathway_match" and (m := re.search(_LEAD + r" \(" + _SLOT_ID + _WHERE
                                                      + r"\) is meant for (?P<meant>.+)\.$", text)):
        meant = _es_pathways(m["meant"], _)
        return _es_nearest("pathway", m, _, name, pathways=meant) if meant else ""
    return ""


def _es_what_if(text: str, language: str, name) -> str | None:
    """The engine's what-if in Spanish (None when this table has no words for it: it is then not shown)."""
    _ = translations(language).gettext
    if m := re.fullmatch(r"Be free on (?P<when>.+)", text):
        when = _es_when(m["when"], _)
        return _("Be free on %(when)s") % {"when": when} if when else None
    if m := re.fullmatch(r"Add (?P<sector>.+) to your career interests", text):
        return _("Add %(sector)s to your career interests") % {"sector": _es_sector(m["sector"], _)}
    if m := re.fullmatch(r"Have (?P<missing>.+)", text):
        missing = _es_missing(m["missing"], _)
        return _("Have %(missing)s") % {"missing": missing} if missing else None
    if m := re.fullmatch(r"\+(?P<extra>[\d.]+) km: be able to travel (?P<to>[\d.]+) km instead of (?P<from>[\d.]+) km"
                         r"(?: \(about (?P<minutes>\d+) more minutes\))?", text):
        words = _("+%(extra)s km: be able to travel %(to)s km instead of %(from)s km") % {
            "extra": m["extra"], "to": m["to"], "from": m["from"]}
        if m["minutes"]:
            words += " " + _("(about %(minutes)s more minutes)") % {"minutes": m["minutes"]}
        return words
    if m := re.fullmatch(r"Be ranked by the employer of " + _SLOT_ID, text):
        return _("Be ranked by the employer of %(slot)s") % {"slot": name(m["slot"])}
    if m := re.fullmatch(r"Add " + _SLOT_ID + r" to your list of choices(?P<both> and be ranked by its employer)?",
                         text):
        return (_("Add %(slot)s to your list of choices and be ranked by its employer") if m["both"]
                else _("Add %(slot)s to your list of choices")) % {"slot": name(m["slot"])}
    if m := re.fullmatch(r"A shift within the limits at " + _SLOT_ID + r": .*", text):
        return _("A shift within the limits for your age at %(slot)s") % {"slot": name(m["slot"])}
    if m := re.fullmatch(r"Choose a pathway: " + _SLOT_ID + r" is meant for (?P<meant>.+)", text):
        meant = _es_pathways(m["meant"], _)
        return _("Choose a pathway: %(slot)s is meant for %(pathways)s") % {
            "slot": name(m["slot"]), "pathways": meant} if meant else None
    if m := re.fullmatch(r"Slot (?P<slot>j-?\d+) open to your pathway \((?P<p>[^)]*)\): it is meant for (?P<meant>.+)",
                         text):
        meant = _es_pathways(m["meant"], _)
        return (_("%(slot)s open to your pathway (%(pathway)s): it is meant for %(pathways)s") % {
            "slot": name(m["slot"]), "pathway": _es_pathway(m["p"], _), "pathways": meant}) if meant else None
    return None
