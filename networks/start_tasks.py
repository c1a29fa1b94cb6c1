"""The start page's to-do for meetings: register for your network's next meeting."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.dates import date_text
from core.start import StartRoles, StartTask, register_task_provider

from .selectors import leader_meeting_todos, meetings_to_register_for


@register_task_provider
def meeting_registration_tasks(roles: StartRoles) -> list[StartTask]:
    tasks = []
    for meeting, municipality in meetings_to_register_for(user=roles.user, memberships=roles.memberships):
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


@register_task_provider
def leader_meeting_tasks(roles: StartRoles) -> list[StartTask]:
    """The project leader's checklist for each network's next meeting, each step linked to its tool."""
    tasks = []
    for todo in leader_meeting_todos(user=roles.user, leaderships=roles.leaderships):
        meeting, network = todo.meeting, todo.meeting.round.network
        kwargs = {"network": network.slug, "meeting_id": meeting.pk}
        # The badge shows the meeting's date; the network's name says which meeting.
        context = network.name
        due = date_text(meeting.starts, "dag")

        def task(title: str, url: str, context: str = context, due: str = due) -> StartTask:
            return StartTask(title=title, url=url, context=context, due=due)

        tasks.append(task(
            ngettext("Anmälningar: %(n)s anmäld", "Anmälningar: %(n)s anmälda", todo.registered) % {"n": todo.registered},
            reverse("networks:meeting", kwargs=kwargs),
        ))
        if not todo.groups:
            tasks.append(task(_("Dela in blandade grupper"), reverse("networks:meeting_groups", kwargs=kwargs)))
        if todo.has_begun and not todo.attended:
            tasks.append(task(_("Ta närvaro"), reverse("networks:meeting_attendance", kwargs=kwargs)))
        feedback_kwargs = {"network": network.slug, "meeting": meeting.pk}
        tasks.append(task(_("Återkoppling under träffen"), reverse("commitments:meeting_feedback", kwargs=feedback_kwargs)))
        tasks.append(task(_("Redovisning av åtaganden"), reverse("commitments:report_back", kwargs=feedback_kwargs)))
    return tasks
