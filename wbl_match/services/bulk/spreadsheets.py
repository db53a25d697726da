"""CSV and XLSX writers that never let a cell become a formula.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some also after a
leading tab or carriage return) as a formula: a student's name such as ``=HYPERLINK(...)`` must arrive
as text. Every such text cell (and one that starts with an apostrophe) is neutralised with a leading apostrophe;
numbers, dates and booleans are kept. CSV is written in one explicit dialect, ``Rfc4180``, which the import
reads too, so an export always imports back unchanged.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timezone
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's sheet-name limit, and the characters it forbids in sheet names.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


class Rfc4180(csv.Dialect):
    """The one CSV dialect read and written (RFC 4180): cells that hold the delimiter, a quote or a line break
    are quoted, and a quote inside them is doubled. Only the delimiter may differ (see ``_delimiter``);
    nothing is guessed from a file's later rows, so a cell such as ``Smith "Best" Farms`` reads as written."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    skipinitialspace = False
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    strict = False

    def __init__(self, delimiter: str = ",") -> None:
        self.delimiter = delimiter
        super().__init__()


def neutralise_cell(value: Any) -> Any:
    """Return ``value`` safe for a spreadsheet: text starting like a formula gets a leading ``'``.

    None becomes an empty string; numbers, booleans and dates pass unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.startswith("'"):
        # A leading apostrophe is doubled too, so that the import (which takes one off) gives the text back.
        return "'" + text
    return text


def neutralise_row(row: Iterable[Any]) -> list[Any]:
    """Neutralise every cell of a row."""
    return [neutralise_cell(value) for value in row]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A UTF-8 CSV (with a byte-order mark, so spreadsheet programs detect the encoding)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, Rfc4180())
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
    if isinstance(value, str):
        return xlsx_escape(value)
    # openpyxl cannot store timezone-aware datetimes; keep the wall time in UTC.
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def xlsx_escape(text: str) -> str:
    """OOXML's escape for a carriage return, which XML would otherwise read back as a plain line feed:
    ``_x000D_`` (and a literal ``_x`` as ``_x005F_x``), as Excel writes them; ``xlsx_unescape`` reverses it."""
    return text.replace("_x", "_x005F_x").replace("\r", "_x000D_") if "_x" in text or "\r" in text else text


_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def xlsx_unescape(text: str) -> str:
    """A workbook cell's text with OOXML's ``_xHHHH_`` escapes decoded."""
    return _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _sheet_name(name: str) -> str:
    cleaned = str(name).translate(SHEET_NAME_FORBIDDEN).strip("' ") or "Sheet"
    return cleaned[:SHEET_NAME_LENGTH]
