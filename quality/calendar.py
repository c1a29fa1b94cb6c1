"""iCalendar events of the quality work: quality dialogues, and routine tasks as all-day events.

``feed_events(user=…)`` gives the events the personal calendar feed adds (networks' feed view):
the dialogues the person takes part in and the open routine tasks they own, overdue ones marked.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .crosstenant import feed_rows
from .models import Dialogue, RoutineTask

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "skolnatverk"


def dialogue_event(dialogue: Dialogue) -> Event:
    url = settings.SITE_URL + reverse("quality:dialogue", kwargs={"municipality": dialogue.municipality.slug,
                                                                  "pk": dialogue.pk})
    event = Event()
    event.add("uid", f"kvalitetsdialog-{dialogue.uid}@{_host()}")
    event.add("summary", f"Kvalitetsdialog: {dialogue.title}")
    start = dialogue.starts_at.astimezone(STOCKHOLM)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=dialogue.duration_minutes))
    event.add("dtstamp", dialogue.created)
    if dialogue.place:
        event.add("location", dialogue.place)
    event.add("url", url)
    event.add("description", f"{dialogue.agenda}\n\n{url}".strip())
    return event


def task_event(task: RoutineTask, today: datetime.date) -> Event:
    routine = task.routine
    url = settings.SITE_URL + reverse("quality:task", kwargs={"municipality": routine.municipality.slug, "pk": task.pk})
    event = Event()
    event.add("uid", f"rutinuppgift-{task.pk}@{_host()}")
    prefix = "FÖRSENAD: " if task.is_overdue(today) else ""
    event.add("summary", f"{prefix}Rutin: {routine.title}")
    # Overdue tasks move to today, so that they stay in sight until they are ticked off.
    day = today if task.is_overdue(today) else task.due_on
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("dtstamp", timezone.now())
    event.add("url", url)
    steps = "\n".join(f"- {s}" for s in routine.step_list)
    event.add("description", f"Senast {task.due_on:%Y-%m-%d}.\n{steps}\n\n{url}".strip())
    return event


def dialogue_ical(*, dialogue: Dialogue) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Skolnätverk//Kvalitetsdialog//SV")
    cal.add("version", "2.0")
    cal.add_component(dialogue_event(dialogue))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_events(*, user, today: datetime.date | None = None) -> list[Event]:
    today = today or timezone.localdate()
    # The feed has no tenant in its address (a token is the key): read across tenants.
    dialogues, tasks = feed_rows(user=user)
    return [dialogue_event(d) for d in dialogues] + [task_event(t, today) for t in tasks]
