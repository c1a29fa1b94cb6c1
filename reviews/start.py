"""Start-page tasks: open mappings the user is asked to answer and has not submitted."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.dates import date_text
from core.start import StartRoles, StartTask, register_task_provider

from . import selectors


@register_task_provider
def mappings_to_answer(roles: StartRoles) -> list[StartTask]:
    return [
        StartTask(
            title=_("Svara på kartläggningen: %(title)s") % {"title": m.title},
            url=reverse("reviews:answer", kwargs={"municipality": m.municipality.slug, "pk": m.pk}),
            context=m.municipality.name,
            due=date_text(m.closes_on),
        )
        for m in selectors.open_mappings_to_answer(
            user=roles.user, municipality_ids=[m.municipality_id for m in roles.memberships]
        )
    ]
