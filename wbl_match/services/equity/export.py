"""The equity report as CSV: the same suppressed figures as the page, cells neutralised against formulas."""
from __future__ import annotations

from wbl_match.services.equity.report import COUNTS, OFFER_COUNTS, TRAVEL_COUNTS, EquityReport, Group
from wbl_match.services.equity.suppression import FEWER_TEXT, SMALL_CELL
from wbl_match.services.bulk.spreadsheets import csv_bytes

HIDDEN_RATE = "hidden"


def _percent(value: float | None) -> float | str:
    return HIDDEN_RATE if value is None else round(100 * value, 1)


def _points(value: float | None) -> float | str:
    return HIDDEN_RATE if value is None else round(value, 1)


def header(report: EquityReport) -> list[str]:
    columns = ["Dimension", "Group", *(title for _, title in COUNTS), "Placement rate %",
               "Placement gap vs all students (points)"]
    if report.has_offers:
        columns += [*(title for _, title in OFFER_COUNTS), "Accepted % of offered"]
    columns += ["Median travel of placed (km)", *(title for _, title in TRAVEL_COUNTS), "Mainly distance %"]
    return columns


def _row(report: EquityReport, dimension: str, group: Group) -> list:
    row = [dimension, group.label, *(group.text(key) for key, _ in COUNTS), _percent(group.rate("placed")),
           _points(report.gap(group))]
    if report.has_offers:
        row += [*(group.text(key) for key, _ in OFFER_COUNTS), _percent(group.rate("accepted", "offered"))]
    median = group.median_km
    row += [HIDDEN_RATE if median is None else round(median, 1), *(group.text(key) for key, _ in TRAVEL_COUNTS),
            _percent(group.distance_share)]
    return row


def equity_csv(report: EquityReport) -> bytes:
    """The report's table as UTF-8 CSV; empty of figures (a note only) when the round was never solved."""
    if report.overall is None:
        return csv_bytes(["Note"], [["This round has not been solved yet: there is nothing to report."]])
    rows = [_row(report, "All students", report.overall)]
    rows += [_row(report, d.title, g) for d in report.dimensions for g in d.groups]
    rows.append(["Note", f"Counts under {SMALL_CELL} are shown as '{FEWER_TEXT}'; 'not shown' hides a count that "
                         "would let a reader work one of them out by subtraction; rates from hidden counts are "
                         f"'{HIDDEN_RATE}'."])
    return csv_bytes(header(report), rows)
