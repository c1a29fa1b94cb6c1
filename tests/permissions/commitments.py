"""Rows for the commitments pages (filled in by the commitments work)."""

ROWS: list = []
