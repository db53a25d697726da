"""Bulk import and export of students, employers and slots (CSV and XLSX)."""
