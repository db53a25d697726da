"""The e-mails students and their families read, in their language: an offer, a consent request, a
reminder before the start, an invitation. Each function returns a ``templates.Text`` that the callers queue
with ``messages.queue_text``: a one-time link is never written into the body (it holds
``SECRET_PLACEHOLDER``; the caller passes the link as ``secret=``, sealed beside it), and every other message
links to the page it is about (``link_path``).

Dates are the consortium's local days (``localisation``), written in the reader's language; the words come
from the one catalogue (``wbl_match.languages``), tú for students and usted for parents and guardians.
"""
from __future__ import annotations

from datetime import date, datetime

from wbl_match import localisation
from wbl_match.languages import DEFAULT_LANGUAGE, LOCALES, translations
from wbl_match.services.outbox.templates import (SECRET_PLACEHOLDER, Text, student_placement_path,
                                                 student_progress_path)


def language_of_student(student) -> str:
    """The language the student reads (their profile's; English when not known)."""
    return student.language or DEFAULT_LANGUAGE


def language_of_guardian(student) -> str:
    """The language the student's parent or guardian reads (theirs, else the student's)."""
    return student.guardian_language or language_of_student(student)


def local_day(value: date | datetime, language: str, zone: str = localisation.DEFAULT_TIME_ZONE) -> str:
    """``March 1, 2027`` / ``1 de marzo de 2027``: a timestamp's local day in the consortium's zone."""
    return localisation.format_day(value, zone, LOCALES.get(language, localisation.DEFAULT_LOCALE))


def offer(student, slot, round_name: str, expires: datetime, language: str, placement_id: int) -> Text:
    """The student's offer: where, and by when to answer."""
    _ = translations(language).gettext
    place = _("remote") if slot.is_remote else ", ".join(x for x in (slot.site_address, slot.site_city) if x)
    subject = _("Your work-based learning offer: %(title)s") % {"title": slot.title}
    body = _("Hello %(name)s,\n\nIn %(round)s you have been offered a place:\n\n  %(title)s at %(employer)s\n"
             "  %(place)s\n\nPlease accept or decline by %(day)s: sign in to wbl_match, or ask your school's "
             "coordinator to answer for you.\n") % {
        "name": student.first_name, "round": round_name, "title": slot.title, "employer": slot.employer.name,
        "place": place, "day": local_day(expires, language)}
    return Text(subject, body, student_placement_path(placement_id))


def consent_request(about, expires: datetime, language: str) -> Text:
    """The guardian's request for consent; the one-time link goes where ``SECRET_PLACEHOLDER`` stands."""
    _ = translations(language).gettext
    subject = _("Consent for %(name)s's placement") % {"name": about.student_first_name}
    body = _("Hello,\n\n%(name)s has accepted a work-based learning placement with %(employer)s (%(title)s). "
             "Before it starts, the school's programme asks a parent or guardian to read what it involves and give "
             "consent.\n\nOpen this link (it works once, until %(day)s):\n\n%(url)s\n\nIf you did not expect this "
             "e-mail, you can ignore it.\n") % {
        "name": about.student_first_name, "employer": about.employer, "title": about.title,
        "day": local_day(expires, language), "url": SECRET_PLACEHOLDER}
    return Text(subject, body)


def invitation(inviter: str, consortium: str, for_employer: bool, expires: datetime, language: str) -> Text:
    """An invitation to set a password, the deadline in the consortium's local time; the one-time link goes
    where ``SECRET_PLACEHOLDER`` stands."""
    _ = translations(language).gettext
    locale = LOCALES.get(language, localisation.DEFAULT_LOCALE)
    until = localisation.format_moment(expires, localisation.DEFAULT_TIME_ZONE, locale)
    what = _("your organisation's internship slots") if for_employer else _("your pathway profile")
    body = _("Hello,\n\n%(inviter)s of %(consortium)s invites you to wbl_match, where you keep %(what)s.\n\n"
             "Open this link to set your password (it works once, until %(until)s):\n\n%(link)s\n\n"
             "If you did not expect this e-mail, you can ignore it.\n") % {
        "inviter": inviter, "consortium": consortium, "what": what, "until": until, "link": SECRET_PLACEHOLDER}
    return Text(_("Your wbl_match invitation"), body)


def readiness_reminder(student, employer_name: str, start: date, missing: list[tuple[str, list[str]]],
                       ask_guardian: bool, language: str, placement_id: int) -> Text:
    """The student's reminder before the start: each checklist item still missing, and why."""
    _ = translations(language).gettext
    lines = "\n".join(f"- {_(label)}: {', '.join(_(p) for p in problems)}" for label, problems in missing)
    subject = _("Before your placement starts on %(day)s") % {"day": local_day(start, language)}
    body = _("Hello %(name)s,\n\nYour placement at %(employer)s starts on %(day)s. These are still missing:\n\n") % {
        "name": student.first_name, "employer": employer_name, "day": local_day(start, language)} + lines
    if ask_guardian:
        body += "\n\n" + _("Ask your parent or guardian to open the consent link the coordinator e-mailed them.")
    body += "\n\n" + _("Sign in to wbl_match and open your placement to see your checklist.") + "\n"
    return Text(subject, body, student_progress_path(placement_id))
