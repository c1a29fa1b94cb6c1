"""The start page's to-do for commitments: those you own that are due within a week or overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import date_text
from core.start import StartTask, register_task_provider

from .selectors import commitments_due_for_user


@register_task_provider
def commitment_tasks(user) -> list[StartTask]:
    return [
        StartTask(
            title=(_("Försenat: %(title)s") if c.is_overdue else _("Åtagande att bli klart med: %(title)s")) % {"title": c.title},
            url=reverse("commitments:detail", kwargs={"municipality": c.municipality.slug, "pk": c.pk}),
            context=c.municipality.name,
            due=date_text(c.due_on, "dag"),
        )
        for c in commitments_due_for_user(user=user)
    ]
