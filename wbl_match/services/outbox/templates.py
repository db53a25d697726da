"""The texts of the service's e-mails to staff and employers, and the page each one is about (students and
families read theirs in their language: ``family_mail``, which returns the same ``Text``).

A message's body is what staff read on the outbox page, so it never holds a secret: where a one-time
link goes, the body says so (``SECRET_PLACEHOLDER``) and the link itself is sealed beside it
(``sealing``), put in only as the e-mail goes out. Every other message links to the page it is about:
``link_path`` is a path of the service, made absolute with the configured base address when sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wbl_match import localisation
from wbl_match.languages import N_, translations

#: The product's name, as its pages and its messages write it.
PRODUCT = "WBL Match"
#: The outbox's channels: an e-mail, or a text message to a telephone number.
CHANNEL_EMAIL = "email"
CHANNEL_SMS = "sms"
#: The line under an e-mail that links to the page it is about (in the reader's language).
OPEN_IT = N_("Open it in WBL Match: %(url)s")

#: Stands in the stored body where the e-mail carries the one-time link.
SECRET_PLACEHOLDER = "[one-time link: it is in the e-mail only, never kept here]"


@dataclass(frozen=True)
class Text:
    subject: str
    body: str
    #: The page the message is about (None when the message's one-time link is the page).
    link_path: str | None = None
    #: The reader's language (None: English, staff and employers).
    language: str | None = None


def render(body: str, link_path: str | None, secret: str | None, base_url: str, language: str | None = None) -> str:
    """The e-mail's text as it goes out: the secret in its place, and a link to the page it is about (its
    words in the reader's ``language``)."""
    text = body.replace(SECRET_PLACEHOLDER, secret) if secret is not None else body
    if link_path:
        line = translations(language).gettext(OPEN_IT) % {"url": f"{base_url.rstrip('/')}{link_path}"}
        text = text.rstrip("\n") + f"\n\n{line}\n"
    return text


def render_text(body: str, link_path: str | None, base_url: str, language: str | None = None) -> str:
    """A text message as it goes out: its short body and, when it is about a page, the page's address."""
    return f"{body.strip()} {base_url.rstrip('/')}{link_path}" if link_path else body.strip()


def student_placement_path(placement_id: int) -> str:
    return f"/student/placements/{placement_id}"


def student_profile_path() -> str:
    return "/student/profile"


def student_round_path(round_id: int) -> str:
    """The page where the student ranks a round's slots."""
    return f"/student/slots?round={round_id}"


def student_progress_path(placement_id: int) -> str:
    return f"/student/placements/{placement_id}/progress"


def employer_progress_path(placement_id: int) -> str:
    return f"/employer/placements/{placement_id}/progress"


def employer_round_path(round_id: int) -> str:
    return f"/employer/rounds/{round_id}"


def staff_placement_path(round_id: int, placement_id: int) -> str:
    return f"/intermediary/rounds/{round_id}/placements/{placement_id}"


def employer_offers(lines: list[str], round_name: str, when: str, round_id: int) -> Text:
    count = len(lines)
    return Text(f"{count} student{'s' if count != 1 else ''} offered your slots in {round_name}",
                f"Hello,\n\nIn {round_name} these students have been offered your slots:\n\n"
                + "\n".join(lines) + f"\n\nThey have until {when} to answer. Sign in to WBL Match for details.\n",
                employer_round_path(round_id))


def concern(person: str, person_email: str, employer: str, placement_id: int, title: str, round_name: str,
            round_id: int, text: str) -> Text:
    return Text(f"Concern from {employer} about placement {placement_id}",
                f"{person} ({person_email}) of {employer} raised a concern about placement {placement_id} in "
                f"{title}, round \"{round_name}\":\n\n{text}\n", staff_placement_path(round_id, placement_id))


def hours_approval(first_name: str, title: str, monday: date, expires_at: datetime) -> Text:
    return Text(f"Hours to approve: {first_name}, week of {monday:%d %B}",
                f"Hello,\n\n{first_name} recorded hours for the week of {monday:%d %B %Y} at {title}. Please "
                f"check and approve them (no account needed; the link works once, until "
                f"{localisation.format_day(expires_at, localisation.consortium_zone())}):\n\n{SECRET_PLACEHOLDER}\n")
