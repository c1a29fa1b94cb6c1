"""Demo step for rounds and meetings: two completed rounds and a third in its home phase.

Runs after the reviews step (which may already have made rounds 1–3 by number) and before the
commitments step (which attaches feedback and commitments to these meetings).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from municipalities.demo import NETWORK_SLUG
from municipalities.models import Level, Membership
from networks.models import Meeting, Network, NetworkMembership, Registration, Round

from . import services

# Days from today: (home phase starts, meeting day). Round 3 is in its home phase now.
SCHEDULE = {1: (-300, -160), 2: (-150, -30), 3: (-20, 25)}
AGENDA = {
    1: "Välkommen och syfte\nKommunernas kartläggningar\nBlandade grupper: vad ser vi?\nÅtaganden till nästa träff",
    2: "Återblick\nRedovisning av åtaganden\nKartläggningarna: vad har hänt?\nBlandade grupper\nNya åtaganden",
    3: "Redovisning av åtaganden\nFörädlingsvärde: följ progressionen\nBlandade grupper\nNya åtaganden",
}
PLACES = {1: "Folkets hus, Fagersta", 2: "Kulturhuset, Arboga", 3: "Stadshuset, Hedemora"}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def build(*, stdout) -> None:
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        stdout.write("  (hoppar över: demonätverket saknas)")
        return
    today = timezone.localdate()
    rng = random.Random(5)
    municipality_ids = list(NetworkMembership.objects.filter(network=network).values_list("municipality_id", flat=True))
    memberships = list(
        Membership.objects.filter(municipality_id__in=municipality_ids)
        .select_related("user", "municipality")
        .order_by("municipality__name", "level", "user__email")
    )
    for number, (start_offset, meeting_offset) in SCHEDULE.items():
        round_, _ = Round.objects.get_or_create(
            network=network, number=number, defaults={"home_phase_starts": today + datetime.timedelta(days=start_offset)}
        )
        round_.home_phase_starts = today + datetime.timedelta(days=start_offset)
        round_.save(update_fields=["home_phase_starts"])
        day = today + datetime.timedelta(days=meeting_offset)
        meeting, _ = Meeting.objects.update_or_create(
            round=round_,
            defaults={
                "starts": _at(day, 9),
                "ends": _at(day, 16),
                "place": PLACES[number],
                "agenda": AGENDA[number],
                "invitations_sent_at": timezone.now(),
            },
        )
        done = meeting_offset < 0
        for m in memberships:
            # Most come; in round 2 Hedemora's politicians stayed home (the flag shows it).
            if rng.random() > (0.8 if done else 0.45):
                continue
            absent = done and (rng.random() < 0.1 or (number == 2 and m.municipality.slug == "hedemora" and m.level == Level.NAMND))
            Registration.objects.get_or_create(
                meeting=meeting,
                user=m.user,
                defaults={
                    "name": m.user.full_name or m.user.email,
                    "municipality": m.municipality,
                    "level": m.level,
                    "registered_by": m.user,
                    "attended": done and not absent,
                },
            )
        if done:
            Registration.objects.get_or_create(
                meeting=meeting,
                user=None,
                name="Kim Vikarie",
                defaults={"municipality": memberships[0].municipality, "level": Level.LARARE, "attended": True, "walk_in": True},
            )
            if not meeting.groups.exists():
                services.groups_generate(meeting=meeting, size=6, rooms="Sal Norr\nSal Söder\nBiblioteket")
        stdout.write(f"  omgång {number}: träff {day:%Y-%m-%d}, {meeting.registrations.count()} anmälda")
