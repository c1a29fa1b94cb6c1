"""Hand-written SQL for the few hot reads whose ORM form cost more to build than to run.

With nothing kept, building and compiling a grouped count with a correlated EXISTS, or a UNION of
three reads, was a tenth of a home page's work (issue 18). Those reads (``commitments.success``,
``networks.selectors._people``) are SQL with every value a parameter and the table names the
models'. They run on PostgreSQL and on SQLite (the demo's database): these helpers hide the one
difference that matters to them.
"""

from django.db import connection


def placeholders(values) -> str:
    """``%s, %s, …``: one parameter for each of ``values`` (an ``IN (…)`` list; never empty)."""
    return ", ".join(["%s"] * len(values))


def union_all(parts: list[str]) -> str:
    """The parts one after the other (UNION ALL), each in parentheses where the database takes
    them: SQLite refuses them. So no part may have its own ORDER BY or LIMIT."""
    wrap = "({})" if connection.features.supports_parentheses_in_compound else "{}"
    return " UNION ALL ".join(wrap.format(part) for part in parts)
