"""CSV and XLSX writers that never let a cell become a formula.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some also after a
leading tab or carriage return) as a formula: a student's name such as ``=HYPERLINK(...)`` must arrive
as text. Every text cell is neutralised with a leading apostrophe; numbers, dates and booleans are kept.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's sheet-name limit, and the characters it forbids in sheet names.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def neutralise_cell(value: Any) -> Any:
    """Return ``value`` safe for a spreadsheet: text starting like a formula gets a leading ``'``.

    None becomes an empty string; numbers, booleans and dates pass unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """Neutralise every cell of a row."""
    return [neutralise_cell(value) for value in row]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A UTF-8 CSV (with a byte-order mark, so spreadsheet programs detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(neutralise_row(header))
    for row in rows:
        writer.writerow(neutralise_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """An XLSX workbook with one sheet per ``(name, header, rows)``; cells are neutralised.

    Written in openpyxl's write-only mode, so large exports stay within memory.
    """
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, header, rows in sheets:
        sheet = book.create_sheet(title=_sheet_name(name))
        sheet.append(neutralise_row(header))
        for row in rows:
            sheet.append([_xlsx_value(v) for v in neutralise_row(row)])
    if not sheets:
        book.create_sheet(title="Empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    # openpyxl cannot store timezone-aware datetimes; keep the wall time in UTC.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _sheet_name(name: str) -> str:
    cleaned = str(name).translate(SHEET_NAME_FORBIDDEN).strip("' ") or "Sheet"
    return cleaned[:SHEET_NAME_LENGTH]
