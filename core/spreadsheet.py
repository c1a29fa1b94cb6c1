"""Cells of the spreadsheets the product writes (CSV and XLSX downloads, the data-export zip).

Text that people typed (a goal's title, an indicator named after an uploaded column, a file
name) must never reach a spreadsheet program as a formula: ``=HYPERLINK("http://evil", "x")``
in a commitment's title would become a live link, or worse, in the coordinator's Excel. Every
export passes its cells through :func:`safe_cell`, which follows OWASP's advice on CSV
injection: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
is prefixed with a single quote, so it is read as text. Numbers are left alone: a negative
value stored as a number stays a number (only text is ever prefixed).
"""

from __future__ import annotations

# OWASP's list, plus the full-width forms that some spreadsheet programs also take as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """``value`` as a spreadsheet may receive it: formula-like text quoted, anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]
