"""The start page's to-do for meetings: register for your network's next meeting."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import date_text
from core.start import StartTask, register_task_provider

from .selectors import meetings_to_register_for


@register_task_provider
def meeting_registration_tasks(user) -> list[StartTask]:
    tasks = []
    for meeting, municipality in meetings_to_register_for(user=user):
        tasks.append(
            StartTask(
                title=_("Anmäl dig till nätverksträffen %(date)s")
                % {"date": date_text(meeting.starts)},
                url=reverse(
                    "networks:meeting_register",
                    kwargs={"network": meeting.round.network.slug, "meeting_id": meeting.pk},
                ),
                context=f"{meeting.round.network.name} ({municipality.name})",
                due=date_text(meeting.starts, "dag"),
            )
        )
    return tasks
