"""The commitments app's reads across tenants, in one place (see access/crosstenant.py).

The reminder run goes over every municipality's commitments, and the owner's notice is sent by a
task that has only the commitment's id.
"""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from .models import OPEN_STATUSES, Commitment


def open_commitment_of(*, commitment_id: int, owner_id: int) -> Commitment | None:
    """The commitment if it is still open and still owned by an active ``owner_id``."""
    with scopes_disabled():
        return (
            Commitment.objects.select_related("owner", "municipality")
            .filter(pk=commitment_id, owner_id=owner_id, owner__is_active=True, status__in=OPEN_STATUSES)
            .first()
        )


def commitments_due(*, horizon: datetime.date, skip_user_ids: set[int]) -> list[Commitment]:
    """Every municipality's open commitments due by ``horizon`` (or overdue), with owner and municipality."""
    with scopes_disabled():
        return list(
            Commitment.objects.filter(status__in=OPEN_STATUSES, due_on__lte=horizon, owner__is_active=True)
            .exclude(owner_id__in=skip_user_ids)
            .select_related("owner", "municipality")
            .order_by("due_on", "pk")
        )
