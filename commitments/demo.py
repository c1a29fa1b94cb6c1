"""Demo step for commitments: feedback and commitments at the two completed meetings, with updates.

Builds on the networks step (rounds and meetings of the demo network). Idempotent: rows are
looked up by their text. Every status is there, some updates carry a confidence, one commitment
is overdue and one "ej genomförd" has its reason.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from municipalities.demo import NETWORK_SLUG
from municipalities.models import Level, Membership, School
from networks.models import Meeting, Network, NetworkMembership

from .models import Commitment, CommitmentShare, CommitmentStatus, Feedback, FeedbackKind, ProgressUpdate

FEEDBACK = [
    (FeedbackKind.WORKS, "Tydligt att nämnden var med och presenterade: det märks att målen är förankrade."),
    (FeedbackKind.WORKS, "Ert sätt att visa resultaten per nivå gjorde det lätt att se skillnaderna."),
    (FeedbackKind.QUESTION, "Hur får ni lärarna att hinna med kollegialt lärande i schemat?"),
    (FeedbackKind.QUESTION, "Vem följer upp att rektorernas analyser når förvaltningen?"),
    (FeedbackKind.SUGGESTION, "Prova att låta lärarna besöka varandras lektioner en gång i månaden."),
    (FeedbackKind.SUGGESTION, "Bjud in nämnden till en av skolornas kvalitetsdialoger."),
]

COMMITMENTS = {
    1: [
        ("Gemensam analys av matematikresultaten", [Level.FORVALTNING, Level.REKTOR], CommitmentStatus.DONE, ""),
        ("Lektionsbesök i matematik varje månad", [Level.REKTOR, Level.LARARE], CommitmentStatus.DONE, ""),
        ("Nämnden besöker två skolor", [Level.NAMND], CommitmentStatus.NOT_DONE,
         "Nämndens möten flyttades under hösten och besöken hann inte planeras in."),
    ],
    2: [
        ("Rutin för att fånga elever som behöver stöd", [Level.REKTOR, Level.LARARE], CommitmentStatus.IN_PROGRESS, ""),
        ("Kvalitetsdialog med nämnden om förädlingsvärde", [Level.NAMND, Level.FORVALTNING], CommitmentStatus.PLANNED, ""),
        ("Kollegialt lärande om formativ bedömning", [Level.LARARE], CommitmentStatus.IN_PROGRESS, ""),
    ],
}
UPDATES = [
    ("Vi har gått igenom resultaten i arbetslagen och valt två områden att fokusera på.", 7),
    ("Första omgången lektionsbesök är gjord; schemat för resten av terminen är klart.", 8),
    ("Rektorerna har tagit fram ett underlag som går till förvaltningen i nästa vecka.", None),
    ("Det tar längre tid än vi trodde; vi behöver mer tid i arbetslagen.", 4),
]


def build(*, stdout) -> None:
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        stdout.write("  (hoppar över åtaganden: demonätverket saknas – kör municipalities och networks först)")
        return
    now = timezone.now()
    held = {
        m.round.number: m
        for m in Meeting.objects.filter(round__network=network, ends__lt=now).select_related("round").order_by("starts")
    }
    if not held:
        stdout.write("  (hoppar över åtaganden: nätverket har inga genomförda träffar – kör networks först)")
        return
    rng = random.Random(5)
    municipalities = [nm.municipality for nm in NetworkMembership.objects.filter(network=network).select_related("municipality")]
    leader_ids = list(network.project_leaders.values_list("user_id", flat=True))
    members: dict[int, dict[str, list]] = {}
    for membership in Membership.objects.filter(municipality__in=municipalities).select_related("user").order_by("user__email"):
        members.setdefault(membership.municipality_id, {}).setdefault(membership.level, []).append(membership)

    made = 0
    for number, meeting in sorted(held.items()):
        for index, municipality in enumerate(municipalities):
            people = members.get(municipality.pk, {})
            others = [m for m in municipalities if m.pk != municipality.pk]
            # Feedback from two other municipalities' people (and the project leader once).
            for k in range(3):
                kind, text = FEEDBACK[(index + number + k) % len(FEEDBACK)]
                giver = others[(index + k) % len(others)] if k < 2 or not leader_ids else None
                giver_people = [m for lst in members.get(giver.pk, {}).values() for m in lst] if giver else []
                Feedback.objects.get_or_create(
                    meeting=meeting, municipality=municipality, text=text,
                    defaults={
                        "kind": kind,
                        "author_municipality": giver,
                        "author_id": giver_people[0].user_id if giver_people else (leader_ids[0] if leader_ids else None),
                    },
                )
            for title, levels, status, reason in COMMITMENTS.get(number, []):
                owner_level = levels[0]
                owner = (people.get(owner_level) or people.get(Level.FORVALTNING) or [None])[0]
                due = _due(meeting, held, now)
                overdue = number == 2 and title.startswith("Kvalitetsdialog") and index == 0
                commitment, created = Commitment.objects.get_or_create(
                    municipality=municipality, title=title, meeting=meeting,
                    defaults={
                        "levels": [str(level) for level in levels],
                        "owner": owner.user if owner else None,
                        "due_on": (timezone.localdate() - datetime.timedelta(days=6)) if overdue else due,
                        "status": status,
                        "not_done_reason": reason,
                        "created_by": owner.user if owner else None,
                        "created": meeting.starts + datetime.timedelta(hours=5),
                        "description": f"{title}. Beslutat vid nätverksträffen i omgång {number}.",
                    },
                )
                if not created:
                    continue
                # Made at the meeting: shared with that meeting's network (access.visibility).
                CommitmentShare.objects.create(
                    commitment=commitment, network=network, shared_at=meeting.starts + datetime.timedelta(hours=5)
                )
                made += 1
                school_people = people.get(Level.REKTOR, [])
                if Level.LARARE in levels and school_people and school_people[0].school_id:
                    commitment.schools.set(School.objects.filter(pk=school_people[0].school_id))
                if status == CommitmentStatus.PLANNED:
                    continue  # not reported on yet: the report-back shows it as such
                writers = people.get(Level.LARARE, []) + people.get(Level.REKTOR, [])
                for u in range(1 + (rng.random() < 0.6)):
                    text, confidence = UPDATES[(index + u + number) % len(UPDATES)]
                    ProgressUpdate.objects.get_or_create(
                        commitment=commitment, text=text,
                        defaults={
                            "author": writers[u % len(writers)].user if writers else None,
                            "done_on": min(timezone.localdate(), timezone.localdate(meeting.starts) + datetime.timedelta(days=20 * (u + 1))),
                            "confidence": confidence,
                        },
                    )
    # A commitment made at home in the current home phase, not yet presented.
    first = municipalities[0]
    owner = (members.get(first.pk, {}).get(Level.REKTOR) or [None])[0]
    Commitment.objects.get_or_create(
        municipality=first, title="Språkutvecklande arbetssätt i alla ämnen", meeting=None,
        defaults={
            "levels": [Level.REKTOR, Level.LARARE],
            "owner": owner.user if owner else None,
            "due_on": timezone.localdate() + datetime.timedelta(days=25),
            "created_by": owner.user if owner else None,
            "created": now - datetime.timedelta(days=10),
            "description": "Gjort på hemmaplan efter rektorernas analys; redovisas vid nästa träff.",
        },
    )
    stdout.write(f"  {made} åtaganden med återkoppling och uppdateringar")


def _due(meeting: Meeting, held: dict[int, Meeting], now: datetime.datetime) -> datetime.date:
    """Due by the next meeting (the default), whichever that is."""
    following = (
        Meeting.objects.filter(round__network_id=meeting.round.network_id, starts__gt=meeting.starts).order_by("starts").first()
    )
    if following is not None:
        return timezone.localdate(following.starts)
    return timezone.localdate(meeting.starts) + datetime.timedelta(days=120)
