"""One-time links for people without an account (a guardian, a supervisor): made, found and used once.

The token is only in the e-mailed link; the database keeps its SHA-256, as for invitations.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from wbl_match.languages import N_
from wbl_match.models import LinkPurpose, PlacementLink, PlacementProgress, User
from wbl_match.models.base import utcnow
from wbl_match.services.errors import Refused

#: How long a link works.
VALID_FOR = timedelta(days=14)
USED_OR_EXPIRED = N_("This link has been used already or has expired. Ask the coordinator for a new one.")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def make_link(session: Session, actor: User | None, progress: PlacementProgress, purpose: LinkPurpose, email: str,
              week_start: date | None = None) -> tuple[PlacementLink, str]:
    """Add a link to the session; returns it and its token (the caller puts the token in the e-mail)."""
    token = secrets.token_urlsafe(32)
    link = PlacementLink(consortium_id=progress.consortium_id, progress_id=progress.id, purpose=purpose,
                         token_hash=hash_token(token), email=email, week_start=week_start,
                         expires_at=utcnow() + VALID_FOR, created_by_id=actor.id if actor else None)
    session.add(link)
    session.flush()
    return link, token


def find_link(session: Session, token: str, purpose: LinkPurpose) -> PlacementLink:
    """The unused, unexpired link of ``purpose`` for ``token``; ``Refused`` otherwise (never saying which)."""
    if not token or len(token) > 200:
        raise Refused(USED_OR_EXPIRED)
    link = session.scalar(sa.select(PlacementLink).where(PlacementLink.token_hash == hash_token(token),
                                                         PlacementLink.purpose == purpose))
    if link is None or link.used_at is not None or _aware(link.expires_at) <= utcnow():
        raise Refused(USED_OR_EXPIRED)
    return link


def use_link(session: Session, link: PlacementLink) -> None:
    """Mark the link used, so that the same token works no more (a conditional update: used once only)."""
    done = session.execute(sa.update(PlacementLink).where(PlacementLink.id == link.id,
                                                          PlacementLink.used_at.is_(None))
                           .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if done.rowcount != 1:
        session.rollback()
        raise Refused(USED_OR_EXPIRED)
