"""Tokens for the read-API tests: each persona's token, made through the service as a page does."""

from __future__ import annotations

import datetime

from django.utils import timezone

from api.services import api_token_create, api_token_revoke

from .. import factories as f


def make_token(*, created_by, municipality=None, network=None, days: int = 30, name: str = "Power BI") -> str:
    return api_token_create(
        name=name, expires_on=timezone.localdate() + datetime.timedelta(days=days), created_by=created_by,
        municipality=municipality, network=network,
    ).secret


def b_coordinator(world):
    if "b_coordinator" not in world.extra:
        user = f.UserFactory(email="samordnare.b@example.se")
        f.MembershipFactory(user=user, municipality=world.b, level="forvaltning", is_coordinator=True)
        world.extra["b_coordinator"] = user
    return world.extra["b_coordinator"]


def token_personas(world) -> dict[str, str | None]:
    """The bearer secret of each token persona (None: no Authorization header)."""
    if "tokens" in world.extra:
        return world.extra["tokens"]
    from api.models import ApiToken

    expired = make_token(created_by=world.user("coordinator"), municipality=world.a)
    ApiToken.objects.filter(name="Power BI", municipality=world.a).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    revoked = make_token(created_by=world.user("coordinator"), municipality=world.a, name="Gammal")
    api_token_revoke(token=ApiToken.objects.get(name="Gammal"), by=world.user("coordinator"))
    # A token made by a coordinator who is no longer one: its calls are refused (403).
    former = f.UserFactory(email="f.d.samordnare@example.se")
    membership = f.MembershipFactory(user=former, municipality=world.a, level="forvaltning", is_coordinator=True)
    former_token = make_token(created_by=former, municipality=world.a, name="Förre")
    membership.is_coordinator = False
    membership.save()
    world.extra["tokens"] = {
        "none": None,
        "a": make_token(created_by=world.user("coordinator"), municipality=world.a, name="A"),
        "b": make_token(created_by=b_coordinator(world), municipality=world.b, name="B"),
        "n": make_token(created_by=world.user("leader"), network=world.network, name="N"),
        "m": make_token(created_by=world.user("other_leader"), network=world.other_network, name="M"),
        "expired": expired,
        "revoked": revoked,
        "former": former_token,
    }
    return world.extra["tokens"]


TOKEN_PERSONAS = ("none", "a", "b", "n", "m", "expired", "revoked", "former")
