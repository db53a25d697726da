"""Spreadsheet writers neutralise formulas and open in a spreadsheet reader."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from wbl_match.services.bulk.spreadsheets import csv_bytes, neutralise_cell, xlsx_bytes


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"http://x\")"])
def test_text_that_starts_like_a_formula_gets_a_leading_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Maria", "a=b", "", 3, -2.5, True])
def test_ordinary_text_and_numbers_pass_unchanged(value):
    assert neutralise_cell(value) == value


def test_none_becomes_an_empty_cell():
    assert neutralise_cell(None) == ""


def test_a_csv_export_neutralises_every_cell_and_reads_back():
    data = csv_bytes(["name", "=head"], [["=cmd|' /C calc'!A0", 4], ["Ana", None]])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "'=head"], ["'=cmd|' /C calc'!A0", "4"], ["Ana", ""]]


def test_an_xlsx_export_opens_in_openpyxl_with_formulas_neutralised():
    when = datetime(2027, 6, 1, 12, 0, tzinfo=timezone.utc)
    data = xlsx_bytes([("Placements", ["student", "cost", "when"], [["=1+2", 3, when]]),
                       ("Un/placed?", ["student"], [["@x"]])])
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames == ["Placements", "Un placed"]
    rows = list(book["Placements"].iter_rows(values_only=True))
    assert rows == [("student", "cost", "when"), ("'=1+2", 3, datetime(2027, 6, 1, 12, 0))]
    assert list(book["Un placed"].iter_rows(values_only=True)) == [("student",), ("'@x",)]
    assert book["Placements"]["A2"].data_type != "f"
