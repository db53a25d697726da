"""Failed sign-in attempts, counted in the database so that every web worker sees the same count."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from wbl_match.models.base import Base, Timestamp, utcnow


class SignInFailure(Base):
    """One failed sign-in: for which account and from which address (kept for the counting window only).

    The account is kept as the SHA-256 of the normalised e-mail typed, never the e-mail itself, so that the
    table holds no address of a person (and unknown e-mails are counted like known ones).
    """

    __tablename__ = "sign_in_failures"
    __table_args__ = (
        sa.Index("ix_sign_in_failures_account", "account_key", "failed_at"),
        sa.Index("ix_sign_in_failures_address", "address", "failed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(sa.String(64))
    #: The client's address as this service sees it (after the configured proxies, ``PROXY_HOPS``).
    address: Mapped[str] = mapped_column(sa.String(64))
    failed_at: Mapped[datetime] = mapped_column(Timestamp, default=utcnow)
