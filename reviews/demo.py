"""Demo step: rounds 1–3 of the demo network; per municipality one closed, published SKR mapping
(round 1) with a realistic gap between levels, and one open mapping (round 3, home phase now)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from municipalities.demo import NETWORK_SLUG
from municipalities.models import Level, Membership, Municipality
from networks.models import Network, NetworkMembership, Round

from .models import Answer, Mapping, MappingShare, Response, RosterEntry
from .services import SKR_LINEAGE, shipped_template

# Typical of a first mapping: the board believes the routines work, the classroom does not.
PROFILE = {
    Level.NAMND: {"default": 4.9, "rutiner-uppfoljning": 5.2, "ledning-sammanlankade": 5.0},
    Level.FORVALTNING: {"default": 4.4, "rutiner-uppfoljning": 4.3},
    Level.REKTOR: {"default": 3.8, "rutiner-uppfoljning": 3.4, "ledning-roller": 3.2},
    Level.LARARE: {"default": 3.3, "rutiner-uppfoljning": 2.3, "ledning-sammanlankade": 2.6, "syn-larare": 4.6},
}
COMMENTS = {
    Level.NAMND: ["Vi får rapporter varje termin.", "Nämnden följer resultaten noga."],
    Level.REKTOR: ["Uppföljningen sker men återkopplingen till skolorna dröjer."],
    Level.LARARE: [
        "Vi lämnar in siffror men hör sällan något tillbaka.",
        "Det är oklart vem som gör vad mellan skola och förvaltning.",
        "Kollegialt lärande fungerar bra hos oss.",
    ],
}
ROUND_STARTS = {1: -300, 2: -150, 3: -20}


def _rounds(network: Network) -> dict[int, Round]:
    today = timezone.localdate()
    return {
        n: Round.objects.get_or_create(
            network=network, number=n, defaults={"home_phase_starts": today + datetime.timedelta(days=offset)}
        )[0]
        for n, offset in ROUND_STARTS.items()
    }


def _answers(rng, mapping, memberships, *, share: float, submitted: bool, skip_politicians: int = 0):
    statements = list(mapping.template.statements.order_by("position"))
    politicians_skipped = 0
    for m in memberships:
        if m.level == Level.NAMND and politicians_skipped < skip_politicians:
            politicians_skipped += 1
            continue
        if rng.random() > share:
            continue
        response = Response.objects.create(
            mapping=mapping, user=m.user, level=m.level, submitted_at=timezone.now() if submitted else None,
            counted=True,  # on the roster, members long before the mapping opened (_roster)
        )
        profile = PROFILE[m.level]
        for st in statements:
            dont_know = m.level == Level.LARARE and st.key == "ledning-sammanlankade" and rng.random() < 0.2
            value = None if dont_know else min(6, max(1, round(rng.gauss(profile.get(st.key, profile["default"]), 0.7))))
            comment = ""
            if st.key == "rutiner-uppfoljning" and COMMENTS.get(m.level) and rng.random() < 0.5:
                comment = rng.choice(COMMENTS[m.level])
            Answer.objects.create(response=response, statement=st, value=value, dont_know=dont_know, comment=comment)


def _roster(mapping, memberships) -> None:
    """The demo's members have been members for years: they are all asked, and all count."""
    RosterEntry.objects.bulk_create(
        RosterEntry(mapping=mapping, user=m.user, level=m.level, counts=True,
                    level_since=mapping.opens_on - datetime.timedelta(days=365))
        for m in memberships
    )


def build(*, stdout) -> None:
    rng = random.Random(4)
    network = Network.objects.filter(slug=NETWORK_SLUG).first()
    rounds = _rounds(network) if network else {}
    template = shipped_template(SKR_LINEAGE)
    today = timezone.localdate()
    municipality_ids = (
        NetworkMembership.objects.filter(network=network).values_list("municipality_id", flat=True) if network else []
    )
    for municipality in Municipality.objects.filter(pk__in=list(municipality_ids)).order_by("name"):
        memberships = list(Membership.objects.filter(municipality=municipality).select_related("user"))
        coordinator = next((m.user for m in memberships if m.is_coordinator), None)
        start1 = rounds[1].home_phase_starts if rounds else today - datetime.timedelta(days=300)
        closed, created = Mapping.objects.get_or_create(
            municipality=municipality,
            title="Styrning och ledning – hösten",
            defaults={
                "template": template, "round": rounds.get(1), "opens_on": start1,
                "closes_on": start1 + datetime.timedelta(days=28), "opened_by": coordinator,
            },
        )
        # The members were made today; in the story they have been members for a long time, which
        # is what decides whether their answers count in a mapping opened now (the history).
        Membership.history.filter(municipality_id=municipality.pk).update(
            history_date=timezone.now() - datetime.timedelta(days=400)
        )
        if network is not None:
            # Published to the network whose round it was made in (sharing is per network).
            # Shared a few days after it closed (not on the day the demo was built).
            shared_at = timezone.make_aware(datetime.datetime.combine(closed.closes_on + datetime.timedelta(days=3), datetime.time(10)))
            MappingShare.objects.get_or_create(
                mapping=closed, network=network, defaults={"shared_by": coordinator, "shared_at": shared_at}
            )
        if created:
            _roster(closed, memberships)
            # One municipality has only four politicians answering: its results show "för få svar".
            _answers(rng, closed, memberships, share=0.95, submitted=True,
                     skip_politicians=3 if municipality.slug == "hedemora" else 0)
        start3 = rounds[3].home_phase_starts if rounds else today - datetime.timedelta(days=20)
        opened, created = Mapping.objects.get_or_create(
            municipality=municipality,
            title="Styrning och ledning – uppföljning",
            defaults={
                "template": template, "round": rounds.get(3), "opens_on": start3,
                "closes_on": today + datetime.timedelta(days=14), "opened_by": coordinator,
            },
        )
        if created:
            _roster(opened, memberships)
            # Half-way through: some have answered; the demo user can answer the rest.
            _answers(rng, opened, [m for m in memberships if not m.is_coordinator], share=0.4, submitted=True)
    stdout.write(f"  reviews: {Mapping.objects.count()} mappings")
