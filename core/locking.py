"""Optimistic locking for rows edited in a form: one helper for every model with a ``version``.

An edit form carries the version it was opened on. Saving locks the row (SELECT ... FOR UPDATE,
until the transaction ends) and compares: if someone saved in between, the edit is refused with
:class:`StaleEdit` and nothing is overwritten; two saves of the same version cannot both pass.
Every save through the services bumps the version (``row.version += 1``).
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models

Row = TypeVar("Row", bound=models.Model)


class StaleEdit(Exception):
    """Someone else saved the row after the editor opened it: nothing was overwritten."""


def locked(row: Row, *, version: int | None = None) -> Row:
    """The row afresh from the database, locked until the transaction ends.

    With ``version`` (the one the editor saw), :class:`StaleEdit` when the row has moved on since.
    Without it the row is only locked: a change that does not depend on what the editor saw.
    Call inside ``transaction.atomic()`` and the row's tenant scope.
    """
    fresh = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if version is not None and fresh.version != version:
        raise StaleEdit
    return fresh
