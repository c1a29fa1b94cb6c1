"""The start page's to-do for the quality work: routine tasks you own that are overdue."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import date_text
from core.start import StartRoles, StartTask, register_task_provider

from .selectors import overdue_tasks_for_user


@register_task_provider
def routine_tasks(roles: StartRoles) -> list[StartTask]:
    return [
        StartTask(
            title=_("Försenad rutin: %(title)s") % {"title": t.routine.title},
            url=reverse("quality:task", kwargs={"municipality": t.routine.municipality.slug, "pk": t.pk}),
            context=t.routine.municipality.name,
            due=date_text(t.due_on, "dag"),
        )
        for t in overdue_tasks_for_user(user=roles.user)
    ]
