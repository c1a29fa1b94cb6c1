"""The start page's to-do for meetings: register for your network's next meeting."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from core.start import StartTask, register_task_provider

from .selectors import meetings_to_register_for


@register_task_provider
def meeting_registration_tasks(user) -> list[StartTask]:
    tasks = []
    for meeting, municipality in meetings_to_register_for(user=user):
        tasks.append(
            StartTask(
                title=_("Anmäl dig till nätverksträffen %(date)s")
                % {"date": formats.date_format(meeting.starts, "j F Y")},
                url=reverse(
                    "networks:meeting_register",
                    kwargs={"network": meeting.round.network.slug, "meeting_id": meeting.pk},
                ),
                context=f"{meeting.round.network.name} ({municipality.name})",
                due=formats.date_format(meeting.starts, "j F"),
            )
        )
    return tasks
