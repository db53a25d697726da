"""Reading uploaded CSV and XLSX files safely: the format is found from the content, never the name,
and every limit is checked before the file is parsed in full."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from wbl_match.services.bulk.spreadsheets import Rfc4180, xlsx_unescape
from wbl_match.services.errors import Refusal

#: Largest accepted upload.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Most data rows in one file.
MAX_ROWS = 50_000
MAX_COLUMNS = 100
#: Largest total size of an XLSX file's parts once unzipped (a "zip bomb" is refused before it is read).
MAX_XLSX_UNZIPPED_BYTES = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
#: Formats people upload by mistake, found by their first bytes.
OTHER_FORMATS = ((b"%PDF", "PDF"), (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
                 (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip"), (b"{\\rtf", "RTF document"))
#: Bytes that never appear in a text file (control characters other than tab, line feed and carriage return).
CONTROL_BYTES = [c for c in range(32) if c not in (9, 10, 13)] + [127]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileProblem(Refusal, ValueError):
    """The file as a whole cannot be read (422); the message says why and what to do."""

    status = 422


@dataclass(frozen=True)
class Table:
    """A file's header row and its data rows, every cell as text (blank cells as "")."""

    file_format: str
    headers: list[str]
    rows: list[list[str]]


def read_table(data: bytes, max_rows: int = MAX_ROWS) -> Table:
    """Read a CSV or XLSX file's first sheet; raises FileProblem with a clear message."""
    if not data:
        raise FileProblem("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(f"The file is {len(data) / 1048576:.1f} MB; the limit is {MAX_FILE_BYTES // 1048576} MB. "
                          "Split it into smaller files.")
    if data.startswith(OLE_MAGIC):
        raise FileProblem("This is an old Excel .xls file. Save it as .xlsx or CSV and upload it again.")
    if data.startswith(ZIP_MAGIC):
        file_format, raw_rows = "xlsx", _xlsx_rows(data, max_rows)
    else:
        file_format, raw_rows = "csv", _csv_rows(data, max_rows)
    rows = [[_text(cell, file_format) for cell in row] for row in raw_rows]
    rows = [row for row in rows if any(cell for cell in row)]
    if not rows:
        raise FileProblem("The file has no rows. The first row must name the columns.")
    headers, body = rows[0], rows[1:]
    if len(headers) > MAX_COLUMNS:
        raise FileProblem(f"The file has {len(headers)} columns; at most {MAX_COLUMNS} are read.")
    if not body:
        raise FileProblem("The file has a header row but no data rows.")
    width = len(headers)
    return Table(file_format, headers, [(row + [""] * width)[:width] for row in body])


def _too_many(max_rows: int) -> FileProblem:
    return FileProblem(f"The file has more than {max_rows:,} rows; split it into files of at most "
                       f"{max_rows:,} rows.")


DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The delimiter of the header row: a comma, unless the header holds more semicolons or tabs (as some
    European spreadsheet programs write). Only the first line is looked at, outside quotes."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    header = re.sub(r'"[^"]*"', "", header)
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])  # ties keep the comma (first)
    return best if counts[best] > counts[","] else ","


def _csv_rows(data: bytes, max_rows: int) -> list[list[str]]:
    for magic, name in OTHER_FORMATS:
        if data.startswith(magic):
            raise FileProblem(f"This is a {name} file, not a CSV or XLSX file. Export the spreadsheet as CSV (UTF-8) "
                              "or XLSX and upload that.")
    head = data[:65536]
    if b"\x00" in head or sum(head.count(bytes([c])) for c in CONTROL_BYTES) > 8:
        raise FileProblem("This is not a CSV or XLSX file. Export the spreadsheet as CSV (UTF-8) or XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older spreadsheet exports on Windows
    dialect = Rfc4180(delimiter=_delimiter(text))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise _too_many(max_rows)
    except csv.Error as error:
        raise FileProblem(f"The CSV file cannot be read near row {len(rows) + 1}: {error}.") from error
    return rows


def _xlsx_rows(data: bytes, max_rows: int) -> list[list[object]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise FileProblem("The file looks like a ZIP archive but cannot be opened; is it a damaged .xlsx?") from error
    if "xl/workbook.xml" not in names:
        raise FileProblem("This ZIP file is not an Excel workbook. Upload a .xlsx or CSV file.")
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise FileProblem(f"The workbook unpacks to {unzipped / 1048576:.0f} MB; the limit is "
                          f"{MAX_XLSX_UNZIPPED_BYTES // 1048576} MB. Remove other sheets or save it as CSV.")
    from openpyxl import load_workbook  # uses defusedxml when installed (it is a dependency)

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > max_rows + 1:
                raise _too_many(max_rows)
        book.close()
    except FileProblem:
        raise
    except Exception as error:  # openpyxl raises many kinds for damaged or hostile workbooks
        raise FileProblem("The workbook cannot be read; open it in your spreadsheet program and save it again "
                          "as .xlsx or CSV.") from error
    return rows


def _text(cell: object, file_format: str = "csv") -> str:
    """A cell as text: whole numbers without ``.0``, dates as YYYY-MM-DD, export-neutralised text restored."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    text = str(cell).strip()
    if file_format == "xlsx":
        text = xlsx_unescape(text)
    # Our exports put an apostrophe before text that a spreadsheet would run as a formula (or that starts with
    # an apostrophe itself); take it off.
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS + ("'",)):
        text = text[1:]
    return text
