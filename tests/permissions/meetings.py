"""Rows for the meetings pages (filled in by the meetings work)."""

ROWS: list = []
