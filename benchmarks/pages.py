"""The key pages of issue 8 and the personas that look at them, found in whatever data is there.

Used by ``bench`` (against the national-scale data), by the locust file (through
``loadtest``, which passes the URLs on) and by the query-budget tests (against small data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from accounts.models import User


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    persona: str  # e-mail of the person who asks for it
    url: str


@dataclass(frozen=True)
class Personas:
    politiker: User
    samordnare: User
    larare: User
    processledare: User






def floor_page(personas: Personas) -> Page:
    return Page("floor", "Golv (grundmallen)", personas.politiker.email, reverse("benchmarks:floor"))
