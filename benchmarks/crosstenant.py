"""The benchmark tooling's reads and writes across tenants, in one place (see access/crosstenant.py).

The national-scale seeder fills every tenant at once, and the key pages and their personas are
picked from whatever data is there, before any tenant is chosen.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from accounts.models import User
from goals.models import Goal
from municipalities.models import Level, Membership
from networks.models import Meeting, ProjectLeader
from reviews.models import Mapping

from .pages import Page, Personas
from .scale import FULL, Built, Scale, _Builder


def build(scale: Scale = FULL, *, log: Callable[[str], None] = lambda _msg: None) -> Built:
    """Fill the database. Refuses nothing itself: the command checks that the database is empty."""
    with scopes_disabled():
        return _Builder(scale, log).run()


def personas_in(*, municipality_member: Membership | None = None, emails: dict[str, str] | None = None) -> Personas:
    """The personas by e-mail (seed_scale) or, without e-mails, the first of each kind in the data."""
    with scopes_disabled():
        if emails:
            users = {k: User.objects.get(email=v) for k, v in emails.items() if k in Personas.__annotations__}
            return Personas(**users)
        first = Membership.objects.select_related("municipality").order_by("municipality__code", "pk").first()
        members = Membership.objects.filter(municipality_id=first.municipality_id).select_related("user")

        def of(level: str, **extra) -> User:
            return members.filter(level=level, **extra).order_by("pk").first().user

        leader = ProjectLeader.objects.filter(
            network__memberships__municipality_id=first.municipality_id
        ).select_related("user").order_by("pk").first()
        return Personas(
            politiker=of(Level.NAMND), samordnare=of(Level.FORVALTNING, is_coordinator=True),
            larare=of(Level.LARARE), processledare=leader.user,
        )


def key_pages(personas: Personas) -> list[Page]:
    """The nine key pages, each as the persona who typically reads it."""
    now = timezone.now()
    with scopes_disabled():
        membership = Membership.objects.select_related("municipality").get(user=personas.politiker)
        muni = membership.municipality
        leadership = ProjectLeader.objects.select_related("network").filter(user=personas.processledare).first()
        network = leadership.network
        goal = (
            Goal.objects.filter(municipality=muni, level=Level.NAMND, goal_indicators__isnull=False).order_by("pk").first()
            or Goal.objects.filter(municipality=muni).order_by("pk").first()
        )
        mapping = Mapping.objects.filter(municipality=muni, shares__network=network).order_by("-opens_on").first()
        meeting = (
            Meeting.objects.filter(round__network=network, starts__lt=now).order_by("-starts").first()
            or Meeting.objects.filter(round__network=network).order_by("starts").first()
        )
    k, n = muni.slug, network.slug
    pol, coord, teacher, leader = (
        personas.politiker.email, personas.samordnare.email, personas.larare.email, personas.processledare.email,
    )
    return [
        Page("start", "Startsida", pol, reverse("core:start")),
        Page("municipality_home", "Kommunens startsida", pol, reverse("municipalities:home", args=[k])),
        Page("goal_tree", "Målträd", pol, reverse("goals:tree", args=[k])),
        Page("goal", "Målsida", pol, reverse("goals:detail", args=[k, goal.pk])),
        Page("mapping_results", "Kartläggningens resultat", coord, reverse("reviews:results", args=[k, mapping.pk])),
        Page("meeting", "Nätverksträff", leader, reverse("networks:meeting", args=[n, meeting.pk])),
        Page("commitments", "Åtaganden", teacher, reverse("commitments:list", args=[k])),
        Page("report_back", "Redovisning", leader, reverse("commitments:report_back", args=[n, meeting.pk])),
        Page("network_home", "Nätverkets översikt", leader, reverse("networks:home", args=[n])),
    ]
