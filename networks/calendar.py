"""iCalendar files for meetings: one file per meeting and a feed per person (icalendar package)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from .models import Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def meeting_url(meeting: Meeting) -> str:
    return settings.SITE_URL + reverse(
        "networks:meeting", kwargs={"network": meeting.round.network.slug, "meeting_id": meeting.pk}
    )


def meeting_uid(meeting: Meeting) -> str:
    # Stable for the meeting's lifetime: calendar apps update the event in place when it moves.
    host = urlsplit(settings.SITE_URL).hostname or "skolnatverk"
    return f"natverkstraff-{meeting.pk}@{host}"


def _event(meeting: Meeting) -> Event:
    network = meeting.round.network
    url = meeting_url(meeting)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("summary", f"Nätverksträff: {network.name}, omgång {meeting.round.number}")
    event.add("dtstart", meeting.starts.astimezone(STOCKHOLM))
    event.add("dtend", meeting.ends.astimezone(STOCKHOLM))
    event.add("dtstamp", meeting.created)
    location = meeting.place or meeting.video_link
    if location:
        event.add("location", location)
    event.add("url", url)
    lines = []
    if meeting.round.title:
        lines.append(f"Tema: {meeting.round.title}")
    if meeting.agenda_items:
        lines.append("Dagordning:")
        lines.extend(f"- {item}" for item in meeting.agenda_items)
    if meeting.video_link:
        lines.append(f"Videolänk: {meeting.video_link}")
    lines.append(f"Mer information och anmälan: {url}")
    event.add("description", "\n".join(lines))
    return event


def _calendar(name: str, meetings: Iterable[Meeting], extra_events: Iterable[Event] = ()) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Skolnätverk//Nätverksträffar//SV")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    for event in extra_events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_ical(*, meeting: Meeting) -> bytes:
    return _calendar(f"Nätverksträff {meeting.round.network.name}", [meeting])


def feed_ical(*, meetings: Iterable[Meeting], extra_events: Iterable[Event] = ()) -> bytes:
    """The personal feed; ``extra_events``: other apps' events (quality dialogues, routine tasks)."""
    return _calendar("Skolnätverk: nätverksträffar", meetings, extra_events)
