"""Shared pieces of the directories' searches: a literal "contains" match and page arithmetic."""
from __future__ import annotations

import sqlalchemy as sa


def contains(column, text: str):
    """SQL for ``column`` containing ``text``, ignoring case; ``%`` and ``_`` in ``text`` are taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill (at least one, so an empty list still has its page)."""
    return max(1, -(-total // per_page))


def clamp_page(page: int, total: int, per_page: int) -> int:
    """``page`` moved into 1..page_count, so a stale or forged page number shows the nearest real page."""
    return min(max(page, 1), page_count(total, per_page))
