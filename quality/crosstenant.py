"""The quality app's reads across tenants, in one place (see access/crosstenant.py).

A person's calendar feed has no tenant in its address (a token is the key) and holds their own
dialogues and tasks in every municipality they are in; the weekly reminder run goes over every
municipality's routine tasks that are due.
"""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from . import selectors
from .models import Dialogue, RoutineTask


def feed_rows(*, user) -> tuple[list[Dialogue], list[RoutineTask]]:
    """The person's dialogues and open tasks across their municipalities (the selectors keep to
    their own memberships and tasks)."""
    with scopes_disabled():
        return selectors.dialogues_for_user(user=user), selectors.open_tasks_for_user(user=user)


def routine_tasks_due(*, horizon: datetime.date, skip_user_ids: set[int]) -> list[RoutineTask]:
    """Every municipality's routine tasks not done and due by ``horizon`` (or overdue), with owner and routine."""
    with scopes_disabled():
        return list(
            RoutineTask.objects.filter(done_on__isnull=True, due_on__lte=horizon, owner__is_active=True)
            .exclude(owner_id__in=skip_user_ids)
            .select_related("owner", "routine", "routine__municipality").order_by("due_on", "pk")
        )
