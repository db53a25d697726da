"""Equity and reach reporting of match rounds, with small-cell suppression (for intermediaries only)."""
from wbl_match.services.equity.export import equity_csv
from wbl_match.services.equity.report import NOT_RECORDED, Dimension, EquityReport, Group, equity_report
from wbl_match.services.equity.suppression import FEWER_TEXT, NOT_SHOWN_TEXT, SMALL_CELL

__all__ = ["FEWER_TEXT", "NOT_RECORDED", "NOT_SHOWN_TEXT", "SMALL_CELL", "Dimension", "EquityReport", "Group",
           "equity_csv", "equity_report"]
