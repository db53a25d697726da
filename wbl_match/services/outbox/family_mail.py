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
from wbl_match.languages import DEFAULT_LANGUAGE, LOCALES, translate, translations
from wbl_match.services.outbox.templates import (SECRET_PLACEHOLDER, Text, student_placement_path,
                                                 student_profile_path, student_progress_path,
                                                 student_round_path)


def language_of_student(student) -> str:
    """The language the student reads (their profile's; English when not known)."""
    return student.language or DEFAULT_LANGUAGE


def language_of_guardian(student) -> str:
    """The language the student's parent or guardian reads (theirs, else the student's)."""
    return student.guardian_language or language_of_student(student)


def local_day(value: date | datetime, language: str, zone: str | None = None) -> str:
    """``March 1, 2027`` / ``1 de marzo de 2027``: a timestamp's local day in the consortium's zone."""
    return localisation.format_day(value, zone or localisation.consortium_zone(),
                                   LOCALES.get(language, localisation.DEFAULT_LOCALE))


def local_moment(value: datetime, language: str, zone: str | None = None) -> str:
    """``March 1, 2027, 5:00 PM PST`` / ``1 de marzo de 2027, 17:00 PST``: in the consortium's zone."""
    return localisation.format_moment(value, zone or localisation.consortium_zone(),
                                      LOCALES.get(language, localisation.DEFAULT_LOCALE))


def offer(student, slot, round_name: str, expires: datetime, language: str, placement_id: int) -> Text:
    """The student's offer: where, and by when to answer."""
    _ = translations(language).gettext
    place = _("remote") if slot.is_remote else ", ".join(x for x in (slot.site_address, slot.site_city) if x)
    subject = _("Your work-based learning offer: %(title)s") % {"title": slot.title}
    body = _("Hello %(name)s,\n\nIn %(round)s you have been offered a place:\n\n  %(title)s at %(employer)s\n"
             "  %(place)s\n\nPlease accept or decline by %(day)s: sign in to WBL Match, or ask your school's "
             "coordinator to answer for you.\n") % {
        "name": student.first_name, "round": round_name, "title": slot.title, "employer": slot.employer.name,
        "place": place, "day": local_day(expires, language)}
    return Text(subject, body, student_placement_path(placement_id), language)


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
    return Text(subject, body, language=language)


def invitation(inviter: str, consortium: str, for_employer: bool, expires: datetime, language: str) -> Text:
    """An invitation to set a password, the deadline in the consortium's local time; the one-time link goes
    where ``SECRET_PLACEHOLDER`` stands."""
    _ = translations(language).gettext
    locale = LOCALES.get(language, localisation.DEFAULT_LOCALE)
    until = localisation.format_moment(expires, localisation.consortium_zone(), locale)
    what = _("your organisation's internship slots") if for_employer else _("your pathway profile")
    body = _("Hello,\n\n%(inviter)s of %(consortium)s invites you to WBL Match, where you keep %(what)s.\n\n"
             "Open this link to set your password (it works once, until %(until)s):\n\n%(link)s\n\n"
             "If you did not expect this e-mail, you can ignore it.\n") % {
        "inviter": inviter, "consortium": consortium, "what": what, "until": until, "link": SECRET_PLACEHOLDER}
    return Text(_("Your WBL Match invitation"), body, language=language)


def readiness_reminder(student, employer_name: str, start: date, missing: list[tuple[str, list[str]]],
                       ask_guardian: bool, language: str, placement_id: int) -> Text:
    """The student's reminder before the start: each checklist item still missing, and why."""
    _ = translations(language).gettext
    locale = LOCALES.get(language, localisation.DEFAULT_LOCALE)
    lines = "\n".join(f"- {_(label)}: {', '.join(translate(p, _, locale) for p in problems)}"
                       for label, problems in missing)
    subject = _("Before your placement starts on %(day)s") % {"day": local_day(start, language)}
    body = _("Hello %(name)s,\n\nYour placement at %(employer)s starts on %(day)s. These are still missing:\n\n") % {
        "name": student.first_name, "employer": employer_name, "day": local_day(start, language)} + lines
    if ask_guardian:
        body += "\n\n" + _("Ask your parent or guardian to open the consent link the coordinator e-mailed them.")
    body += "\n\n" + _("Sign in to WBL Match and open your placement to see your checklist.") + "\n"
    return Text(subject, body, student_progress_path(placement_id), language)


def ranking_reminder(student, round_name: str, closes: datetime, language: str, round_id: int, *,
                     needs_profile: bool, needs_ranks: bool) -> Text:
    """Before a round's ranking closes: what the student still has to do, and by when (local time)."""
    _ = translations(language).gettext
    subject = _("Reminder: choose your placements in %(round)s by %(when)s") % {
        "round": round_name, "when": local_day(closes, language)}
    todo = []
    if needs_profile:
        todo.append("- " + _("finish your profile (where you live, how you travel, what interests you, when you "
                             "are free)"))
    if needs_ranks:
        todo.append("- " + _("rank the placements you would like, the one you want most first"))
    body = _("Hello %(name)s,\n\nChoosing in %(round)s closes on %(when)s. You still need to:\n\n") % {
        "name": student.first_name, "round": round_name, "when": local_moment(closes, language)} + "\n".join(todo)
    body += "\n\n" + _("If you need help, ask your school's coordinator.") + "\n"
    return Text(subject, body, student_profile_path() if needs_profile else student_round_path(round_id), language)


def guardian_ranking_reminder(student, round_name: str, closes: datetime, language: str, *,
                              needs_profile: bool, needs_ranks: bool) -> Text:
    """To the student's parent or guardian before a round's ranking closes: what their student still has to
    do, and by when (local time). No link: a guardian has no account; the student signs in."""
    _ = translations(language).gettext
    subject = _("Reminder: %(name)s has until %(when)s to choose placements") % {
        "name": student.first_name, "when": local_day(closes, language)}
    todo = []
    if needs_profile:
        todo.append("- " + _("finish their profile (where they live, how they travel, what interests them, when "
                             "they are free)"))
    if needs_ranks:
        todo.append("- " + _("rank the placements they would like, the one they want most first"))
    body = _("Hello,\n\nYour student %(name)s has until %(when)s to choose work-based learning placements in "
             "%(round)s. They still need to:\n\n") % {
        "name": student.first_name, "round": round_name, "when": local_moment(closes, language)} + "\n".join(todo)
    body += "\n\n" + _("They can do it by signing in to WBL Match. If you have questions, please contact the "
                        "school's coordinator.") + "\n"
    return Text(subject, body, None, language)


def guardian_offer_reminder(student, slot, round_name: str, expires: datetime, language: str) -> Text:
    """To the student's parent or guardian before an offer expires: their student has until then to answer."""
    _ = translations(language).gettext
    subject = _("Reminder: %(name)s has until %(when)s to answer a placement offer") % {
        "name": student.first_name, "when": local_day(expires, language)}
    body = _("Hello,\n\nYour student %(name)s has been offered a work-based learning placement in %(round)s:"
             "\n\n  %(title)s at %(employer)s\n\n%(name)s has until %(when)s to accept or decline it, by "
             "signing in to WBL Match or through the school's coordinator. After that, the place may go to "
             "another student.\n") % {
        "name": student.first_name, "round": round_name, "title": slot.title, "employer": slot.employer.name,
        "when": local_moment(expires, language)}
    return Text(subject, body, None, language)


def _plain(text: str) -> str:
    """A text message in plain characters (Babel's narrow no-break spaces would make it a longer, costlier
    text)."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def ranking_reminder_sms(round_name: str, closes: datetime, language: str, round_id: int) -> Text:
    """The short text before a round's ranking closes."""
    _ = translations(language).gettext
    body = _("WBL Match: choosing in %(round)s closes %(when)s. Rank your placements:") % {
        "round": round_name, "when": local_moment(closes, language)}
    return Text(_("Text: ranking reminder"), _plain(body), student_round_path(round_id), language)


def offer_reminder(student, slot, round_name: str, expires: datetime, language: str, placement_id: int) -> Text:
    """Before an offer expires: answer it, by when (local time)."""
    _ = translations(language).gettext
    subject = _("Reminder: answer your offer from %(employer)s by %(when)s") % {
        "employer": slot.employer.name, "when": local_day(expires, language)}
    body = _("Hello %(name)s,\n\nYou have not yet answered your offer in %(round)s:\n\n  %(title)s at "
             "%(employer)s\n\nPlease accept or decline it by %(when)s. After that, the place may go to another "
             "student. If you need help, ask your school's coordinator.\n") % {
        "name": student.first_name, "round": round_name, "title": slot.title, "employer": slot.employer.name,
        "when": local_moment(expires, language)}
    return Text(subject, body, student_placement_path(placement_id), language)


def offer_reminder_sms(slot, expires: datetime, language: str, placement_id: int) -> Text:
    """The short text before an offer expires."""
    _ = translations(language).gettext
    body = _("WBL Match: please answer your offer from %(employer)s by %(when)s:") % {
        "employer": slot.employer.name, "when": local_moment(expires, language)}
    return Text(_("Text: offer reminder"), _plain(body), student_placement_path(placement_id), language)


def offer_sms(slot, expires: datetime, language: str, placement_id: int) -> Text:
    """The short text that tells a student of their offer when a round is published."""
    _ = translations(language).gettext
    body = _("WBL Match: you have been offered a place at %(employer)s. Answer by %(when)s:") % {
        "employer": slot.employer.name, "when": local_moment(expires, language)}
    return Text(_("Text: offer"), _plain(body), student_placement_path(placement_id), language)
