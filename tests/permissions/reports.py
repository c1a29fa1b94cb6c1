"""Rows for the reports pages (filled in by the reports work)."""

ROWS: list = []
