"""Demo step: the network, six real municipalities, schools and people on all four levels."""

from __future__ import annotations

import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from networks.models import Network, NetworkMembership, ProjectLeader

from .models import Level, Membership, Municipality, School

DEMO_PASSWORD = "demo-skolnatverk"  # noqa: S105 (published in README for the demo)
DEMO_DOMAIN = "demo.skolnatverk.se"
NETWORK_SLUG = "matematiksatsningen-mitt"
# A second network that Fagersta and Arboga are also in: sharing is per network, and the demo
# shows it (what Fagersta shares with one network, the other network never sees).
SECOND_NETWORK_SLUG = "laslyftet-bergslagen"
SECOND_NETWORK_MEMBERS = ("fagersta", "arboga")

# Real municipalities and kommun-koder (SCB); the schools are illustrative.
MUNICIPALITIES = [
    ("Fagersta", "1982", "fagersta", ["Brattbergsskolan", "Västanforsskolan", "Risbroskolan"]),
    ("Östhammar", "0382", "osthammar", ["Frösåkersskolan", "Olandsskolan", "Öregrunds skola"]),
    ("Ale", "1440", "ale", ["Da Vinciskolan", "Himlaskolan", "Kyrkbyskolan"]),
    ("Arboga", "1984", "arboga", ["Gäddgårdsskolan", "Götaskolan", "Brattebergsskolan"]),
    ("Hallstahammar", "1961", "hallstahammar", ["Näslundskolan", "Parkskolan", "Lindboskolan"]),
    ("Hedemora", "2083", "hedemora", ["Vasaskolan", "Smedsbyskolan", "Stureskolan"]),
]

FIRST_NAMES = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per", "Emma", "Mikael",
    "Lena", "Jonas", "Ingrid", "Fredrik", "Sofia", "Magnus", "Elin", "Henrik", "Linnéa", "Ahmed", "Fatima",
    "Björn", "Åsa", "Oskar", "Maja", "Gustav", "Helena", "Nils", "Amira", "Daniel", "Kerstin", "Mats",
]
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Lindberg", "Lindqvist", "Berg", "Åberg", "Holm", "Sandberg",
    "Lundgren", "Ek", "Hassan", "Öberg", "Wikström", "Nyström", "Forsberg", "Sjöberg", "Hedlund",
]

# People per level in each municipality (the coordinator is one of the förvaltning people).
# Large enough that a mapping shows per-level figures under the default anonymity threshold (5: a
# level shows with six answers; the coordinator is a sixth in förvaltning), as a real board does.
LEVEL_SIZES = {Level.NAMND: 7, Level.FORVALTNING: 5, Level.REKTOR: 7, Level.LARARE: 12}
SHORT = {Level.NAMND: "politiker", Level.FORVALTNING: "forvaltning", Level.REKTOR: "rektor", Level.LARARE: "larare"}


def _user(email: str, full_name: str, password_hash: str, *, is_staff: bool = False, is_superuser: bool = False):
    User = get_user_model()
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={"full_name": full_name, "password": password_hash, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def build(*, stdout) -> None:
    rng = random.Random(2026)
    password_hash = make_password(DEMO_PASSWORD)  # hashed once: ~120 users would take minutes otherwise
    names = iter(rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], 400))

    network, _ = Network.objects.update_or_create(
        slug=NETWORK_SLUG,
        defaults={
            "name": "Matematiksatsningen – nätverk Mitt",
            "description": "Sex kommuner som utvecklar styrning och ledning för bättre resultat i matematik, "
            "med SKR:s modell: hemmaplan, nätverksträff, åtaganden och redovisning.",
        },
    )
    leader = _user(f"processledare@{DEMO_DOMAIN}", "Katarina Lindström", password_hash)
    ProjectLeader.objects.get_or_create(network=network, user=leader)
    _user(f"admin@{DEMO_DOMAIN}", "Plattformsadministratör", password_hash, is_staff=True, is_superuser=True)

    joined = datetime.date(2024, 8, 19)
    for name, code, slug, school_names in MUNICIPALITIES:
        municipality, _ = Municipality.objects.update_or_create(slug=slug, defaults={"name": f"{name} kommun", "code": code})
        NetworkMembership.objects.get_or_create(network=network, municipality=municipality, defaults={"joined_on": joined})
        schools = [School.objects.get_or_create(municipality=municipality, name=s)[0] for s in school_names]
        for level, size in LEVEL_SIZES.items():
            for i in range(size):
                if i == 0:
                    # One login per level and municipality with a guessable address (README).
                    email = f"{SHORT[level]}.{slug}@{DEMO_DOMAIN}"
                else:
                    email = f"{SHORT[level]}{i + 1}.{slug}@{DEMO_DOMAIN}"
                user = _user(email, next(names), password_hash)
                school = schools[i % len(schools)] if level in (Level.REKTOR, Level.LARARE) else None
                Membership.objects.update_or_create(
                    user=user, municipality=municipality, defaults={"level": level, "school": school}
                )
        coordinator = _user(f"samordnare.{slug}@{DEMO_DOMAIN}", next(names), password_hash)
        Membership.objects.update_or_create(
            user=coordinator, municipality=municipality, defaults={"level": Level.FORVALTNING, "is_coordinator": True}
        )
    second, _ = Network.objects.update_or_create(
        slug=SECOND_NETWORK_SLUG,
        defaults={
            "name": "Läslyftet – nätverk Bergslagen",
            "description": "Kommuner i Bergslagen som arbetar med läsförståelse i alla ämnen.",
        },
    )
    second_leader = _user(f"processledare.bergslagen@{DEMO_DOMAIN}", "Birgitta Sandberg", password_hash)
    ProjectLeader.objects.get_or_create(network=second, user=second_leader)
    for municipality in Municipality.objects.filter(slug__in=SECOND_NETWORK_MEMBERS):
        # Joined before Mitt: a municipality's cycle figure follows its most recently joined network.
        NetworkMembership.objects.get_or_create(
            network=second, municipality=municipality, defaults={"joined_on": datetime.date(2023, 8, 21)}
        )
    stdout.write(f"  Nätverk: {network.name}, {len(MUNICIPALITIES)} kommuner, processledare {leader.email}")
    stdout.write(f"  Nätverk: {second.name}, {', '.join(SECOND_NETWORK_MEMBERS)}, processledare {second_leader.email}")
