"""Reading uploaded CSV and XLSX files safely: the format is found from the content, never the name,
and every limit is checked before the file is parsed in full."""
from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass
from typing import Callable
from datetime import date, datetime

from wbl_match.services.bulk.spreadsheets import Rfc4180, xlsx_unescape
from wbl_match.services.errors import Refusal

#: Largest accepted upload.
MAX_FILE_BYTES = 10 * 1024 * 1024
#: Most data rows in one file.
MAX_ROWS = 50_000
MAX_COLUMNS = 100
#: Most cells (rows times columns) in one file, and the longest time reading one may take.
MAX_CELLS = 1_500_000
MAX_READ_SECONDS = 120
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


def file_format_of(data: bytes) -> str:
    """``csv`` or ``xlsx``, from the checks that need no parsing (size, kind of file, a workbook's parts);
    raises FileProblem. The upload runs only these; the background job reads the file (``read_table``)."""
    if not data:
        raise FileProblem("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(f"The file is {len(data) / 1048576:.1f} MB; the limit is {MAX_FILE_BYTES // 1048576} MB. "
                          "Split it into smaller files.")
    if data.startswith(OLE_MAGIC):
        raise FileProblem("This is an old Excel .xls file. Save it as .xlsx or CSV and upload it again.")
    if data.startswith(ZIP_MAGIC):
        _check_workbook_parts(data)
        return "xlsx"
    for magic, name in OTHER_FORMATS:
        if data.startswith(magic):
            raise FileProblem(f"This is a {name} file, not a CSV or XLSX file. Export the spreadsheet as CSV (UTF-8) "
                              "or XLSX and upload that.")
    head = data[:65536]
    if b"\x00" in head or sum(head.count(bytes([c])) for c in CONTROL_BYTES) > 8:
        raise FileProblem("This is not a CSV or XLSX file. Export the spreadsheet as CSV (UTF-8) or XLSX.")
    return "csv"


class _Budget:
    """Counts rows and cells as they are read, and the time taken; raises FileProblem past a limit and calls
    ``beat`` now and then (the job's heartbeat)."""

    def __init__(self, max_rows: int, max_cells: int, max_seconds: float, beat: Callable[[int], None] | None):
        self.max_rows, self.max_cells, self.max_seconds, self.beat = max_rows, max_cells, max_seconds, beat
        self.rows = self.cells = 0
        self.started = time.monotonic()

    def take(self, row: list) -> None:
        self.rows += 1
        self.cells += len(row)
        if self.rows > self.max_rows + 1:
            raise FileProblem(f"The file has more than {self.max_rows:,} rows; split it into files of at most "
                              f"{self.max_rows:,} rows.")
        if self.cells > self.max_cells:
            raise FileProblem(f"The file has more than {self.max_cells:,} cells; remove unused columns or split it "
                              "into smaller files.")
        if self.rows % 500 == 0:
            if time.monotonic() - self.started > self.max_seconds:
                raise FileProblem(f"Reading the file took more than {self.max_seconds:.0f} seconds; save it as CSV, "
                                  "or split it into smaller files.")
            if self.beat is not None and self.rows % 5000 == 0:
                self.beat(self.rows)


def read_table(data: bytes, max_rows: int = MAX_ROWS, max_cells: int = MAX_CELLS,
               max_seconds: float = MAX_READ_SECONDS, beat: Callable[[int], None] | None = None) -> Table:
    """Read a CSV or XLSX file's first sheet within the limits of rows, cells and time; raises FileProblem
    with a clear message."""
    file_format = file_format_of(data)
    budget = _Budget(max_rows, max_cells, max_seconds, beat)
    raw_rows = _xlsx_rows(data, budget) if file_format == "xlsx" else _csv_rows(data, budget)
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


DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The delimiter of the header row: a comma, unless the header holds more semicolons or tabs (as some
    European spreadsheet programs write). Only the first line is looked at, outside quotes."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    header = re.sub(r'"[^"]*"', "", header)
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(DELIMITERS, key=lambda candidate: counts[candidate])  # ties keep the comma (first)
    return best if counts[best] > counts[","] else ","


def _csv_rows(data: bytes, budget: _Budget) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # older spreadsheet exports on Windows
    dialect = Rfc4180(delimiter=_delimiter(text))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            budget.take(row)
            rows.append(row)
    except csv.Error as error:
        raise FileProblem(f"The CSV file cannot be read near row {len(rows) + 1}: {error}.") from error
    return rows


def _check_workbook_parts(data: bytes) -> None:
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


def _xlsx_rows(data: bytes, budget: _Budget) -> list[list[object]]:
    from openpyxl import load_workbook  # uses defusedxml when installed (it is a dependency)

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            row = list(row)
            while row and row[-1] is None:  # iter_rows pads every row to max_col
                row.pop()
            budget.take(row)
            rows.append(row)
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
