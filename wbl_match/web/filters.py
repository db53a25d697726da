"""Jinja filters that turn codes into words people read."""
from __future__ import annotations

from flask import Flask

from wbl_match.models.enums import WEEKDAY_LABELS
from wbl_match.reference import COMMON_CERTIFICATIONS, PATHWAY_BY_CODE, SECTOR_BY_CODE


def sector_name(code: str | None) -> str:
    sector = SECTOR_BY_CODE.get(code or "")
    return sector.name if sector else (code or "—")


def pathway_name(code: str | None) -> str:
    pathway = PATHWAY_BY_CODE.get(code or "")
    return pathway.name if pathway else (code or "—")


def certification_name(code: str) -> str:
    return COMMON_CERTIFICATIONS.get(code, code)


def weekly_interval(interval) -> str:
    """``Mon 15:00–17:30`` for a slot shift or availability row."""
    return f"{WEEKDAY_LABELS[interval.day][:3]} {interval.start_hhmm}–{interval.end_hhmm}"


def register_filters(app: Flask) -> None:
    app.add_template_filter(sector_name)
    app.add_template_filter(pathway_name)
    app.add_template_filter(certification_name)
    app.add_template_filter(weekly_interval)
