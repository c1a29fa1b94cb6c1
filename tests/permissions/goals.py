"""Rows for the goals pages (filled in by the goals work)."""

ROWS: list = []
