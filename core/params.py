"""Numbers from query strings and posted lists, parsed so that no value can raise.

``str.isdigit()`` is true for "²" and "①", which ``int()`` refuses (a 500), and ``int()`` takes
"١٢٣" and a 5 000-digit string (slow, or a ValueError past Python's digit limit). Ids and page
numbers are plain ASCII digits of bounded length, so only those are accepted here.
"""

from __future__ import annotations

import re

# An id or page number fits a PostgreSQL bigint; 18 digits are always below 2**63.
_ASCII_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_id(value: object) -> int | None:
    """``value`` as a non-negative int when it is 1-18 ASCII digits, else None."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value):
        return None
    return int(value)


def parse_ids(values: list[str]) -> set[int]:
    """The values of a posted list that are ids; anything else is left out."""
    return {n for n in (parse_id(v) for v in values) if n is not None}
