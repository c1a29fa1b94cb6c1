"""Mappings for tests, on the shipped templates (loaded by reviews' data migration)."""

import datetime
import importlib

from django.utils import timezone

from reviews.models import Answer, Mapping, Response, Template

SKR_LINEAGE = "5a7e1b1e-0000-4000-8000-000000000001"
MODELLEN_LINEAGE = "5a7e1b1e-0000-4000-8000-000000000002"


def _ensure_shipped() -> None:
    # A transactional test (the browser tests) flushes the tables, data migrations' rows too:
    # load the shipped templates again the way the migration does.
    if not Template.objects.filter(lineage=SKR_LINEAGE).exists():
        from django.apps import apps

        importlib.import_module("reviews.migrations.0002_shipped_templates").load(apps, None)


def skr_template() -> Template:
    _ensure_shipped()
    return Template.objects.get(lineage=SKR_LINEAGE, version=1)


def modellen_template() -> Template:
    _ensure_shipped()
    return Template.objects.get(lineage=MODELLEN_LINEAGE, version=1)


def make_mapping(municipality, *, template=None, open_=True, published=False, title="Kartläggning HT", **kw) -> Mapping:
    today = timezone.localdate()
    if open_:
        dates = {"opens_on": today - datetime.timedelta(days=3), "closes_on": today + datetime.timedelta(days=10)}
    else:
        dates = {"opens_on": today - datetime.timedelta(days=40), "closes_on": today - datetime.timedelta(days=10)}
    dates.update(kw)
    mapping = Mapping.objects.create(
        municipality=municipality, template=template or skr_template(), title=title, **dates
    )
    if published:
        mapping.published_at = timezone.now()
        mapping.save()
    return mapping


def answer_all(mapping, user, level, value=None, *, values=None, comment="", submitted=True, dont_know=False) -> Response:
    """Write one person's answers directly (tests of the results bypass the open check)."""
    response = Response.objects.create(
        mapping=mapping, user=user, level=level, submitted_at=timezone.now() if submitted else None
    )
    for i, st in enumerate(mapping.template.statements.order_by("position")):
        v = values[i] if values is not None else value
        Answer.objects.create(
            response=response, statement=st, value=None if dont_know else v, dont_know=dont_know, comment=comment
        )
    return response
