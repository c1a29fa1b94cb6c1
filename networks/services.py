"""Writes about networks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from municipalities.models import Invitation, Municipality
from municipalities.services import invitation_create

from .models import Network, NetworkMembership


def coordinator_invite(
    *, network: Network, invited_by, municipality: Municipality, email: str, level: str, full_name: str = ""
) -> tuple[Invitation, bool]:
    """A project leader invites a coordinator of one of the network's member municipalities."""
    if not NetworkMembership.objects.filter(network=network, municipality=municipality).exists():
        raise ValidationError({"municipality": _("Kommunen är inte med i nätverket.")})
    return invitation_create(
        municipality=municipality,
        invited_by=invited_by,
        email=email,
        level=level,
        full_name=full_name,
        is_coordinator=True,
        network=network,
    )


def network_settings_update(*, network: Network, require_mfa_for_leaders: bool, anonymity_threshold: int) -> Network:
    if anonymity_threshold < 2:
        raise ValidationError({"anonymity_threshold": _("Gränsen kan aldrig vara lägre än 2.")})
    network.require_mfa_for_leaders = require_mfa_for_leaders
    network.anonymity_threshold = anonymity_threshold
    network.save(update_fields=["require_mfa_for_leaders", "anonymity_threshold"])
    return network
