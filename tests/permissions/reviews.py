"""Rows for the reviews pages (filled in by the reviews work)."""

ROWS: list = []
