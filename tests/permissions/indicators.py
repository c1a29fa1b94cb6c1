"""Rows for the indicators pages (filled in by the indicators work)."""

ROWS: list = []
