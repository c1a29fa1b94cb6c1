"""The indicators app's reads and writes across tenants, in one place (see access/crosstenant.py).

A statistics file holds values of many municipalities, platform staff merge tenants' own
indicators into a common one, and the sweep goes over every tenant's imports.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django_scopes import scopes_disabled

from access import cache as tenant_cache
from goals.models import GoalIndicator

from .models import (
    IMPORT_ACTIVE_STATUSES,
    ImportStatus,
    Indicator,
    Measurement,
    NationalValue,
    StatisticsImport,
)


def statistics_save(parsed, *, result, allowed, save_national: bool, user, filename: str, owner,
                    dry_run: bool) -> None:
    """Write a parsed statistics file in one transaction (rolled back on a dry run).

    A file (Skolverket's, the demo's) holds values of many municipalities at once; ``allowed``
    limits which of them receive values, as the engine's ``run_import`` explains.
    """
    from .importer.engine import _Rollback, _save

    try:
        with scopes_disabled(), transaction.atomic():
            _save(parsed, result=result, allowed=allowed, save_national=save_national, user=user,
                  filename=filename, owner=owner)
            if dry_run:
                raise _Rollback
            # The municipalities' values renewed their tenants (access.scoping.TenantQuerySet);
            # national values belong to no tenant and show on every goal page.
            if save_national:
                tenant_cache.bump(everything=True)
    except _Rollback:
        pass


@transaction.atomic
def indicator_make_common(*, indicator: Indicator) -> Indicator:
    """Platform staff: make a tenant's own indicator common to everyone.

    Other tenants' own indicators with the same key (the same column, uploaded separately) are
    merged into it, so that every municipality's values of that measure are on one indicator; a
    value for a (municipality, school, year, grade) that the common one already has stays as it
    is and the duplicate is dropped. Returns the common indicator.
    """
    common = Indicator.objects.common().filter(key=indicator.key).first()
    if common is None:
        Indicator.objects.filter(pk=indicator.pk).update(owner_municipality=None, owner_network=None)
        common = Indicator.objects.get(pk=indicator.pk)
    siblings = list(Indicator.objects.filter(key=indicator.key).exclude(pk=common.pk))
    with scopes_disabled():
        taken = set(
            Measurement.objects.filter(indicator=common).values_list("municipality_id", "school_id", "school_year",
                                                                        "grade")
        )
        for sibling in siblings:
            for m in Measurement.objects.filter(indicator=sibling):
                k = (m.municipality_id, m.school_id, m.school_year, m.grade)
                if k in taken:
                    m.delete()
                    continue
                taken.add(k)
                m.indicator = common
                m.save(update_fields=["indicator"])
            for link in GoalIndicator.objects.filter(indicator=sibling):
                if GoalIndicator.objects.filter(goal=link.goal_id, indicator=common, grade=link.grade).exists():
                    link.delete()
                else:
                    link.indicator = common
                    link.save(update_fields=["indicator"])
            NationalValue.objects.filter(indicator=sibling).delete()
            sibling.delete()
    # update() above sends no signal: every tenant that may now see the indicator is renewed.
    tenant_cache.bump(everything=True)
    return common


def statistics_imports_stale(*, active_before: datetime.datetime, preview_before: datetime.datetime
                             ) -> list[StatisticsImport]:
    """Every tenant's imports the sweep ends: active since before ``active_before`` (the worker
    died) or a preview nobody confirmed since before ``preview_before``."""
    with scopes_disabled():
        return list(StatisticsImport.objects.filter(
            Q(status__in=IMPORT_ACTIVE_STATUSES, created__lt=active_before)
            | Q(status__in=(ImportStatus.PREVIEW, ImportStatus.NEEDS_GRADE), created__lt=preview_before)
        ))


def kolada_selections(*, municipality_id: int | None = None) -> list:
    """The monthly Kolada fetch goes over every municipality's selection (or one, on demand)."""
    from .models import KoladaSelection

    with scopes_disabled():
        selections = KoladaSelection.objects.select_related("municipality").exclude(kpis=[]) \
            .exclude(municipality__code="").order_by("pk")
        if municipality_id is not None:
            selections = selections.filter(municipality_id=municipality_id)
        return list(selections)
