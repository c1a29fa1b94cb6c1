"""What the access layer knows about the current user in the current tenant.

A view never works this out itself: the decorators in ``access.tenant`` build one of these
once per request and pass it in as the view's second argument.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from municipalities.models import Level, Membership, Municipality
from networks.models import Network


@dataclass(frozen=True)
class MunicipalityContext:
    municipality: Municipality
    membership: Membership
    network_ids: tuple[int, ...] = field(default=())

    @property
    def level(self) -> str:
        return self.membership.level

    @property
    def is_coordinator(self) -> bool:
        return self.membership.is_coordinator

    @property
    def school_id(self) -> int | None:
        return self.membership.school_id

    @property
    def is_politician(self) -> bool:
        return self.membership.level == Level.NAMND

    @property
    def is_administration(self) -> bool:
        return self.membership.level == Level.FORVALTNING

    @property
    def is_principal(self) -> bool:
        return self.membership.level == Level.REKTOR

    @property
    def is_teacher(self) -> bool:
        return self.membership.level == Level.LARARE


@dataclass(frozen=True)
class NetworkContext:
    network: Network
    is_project_leader: bool
    member_municipality_ids: tuple[int, ...]
    # The user's own memberships in municipalities of this network (empty for a pure leader).
    own_memberships: tuple[Membership, ...] = field(default=())

    @property
    def own_municipality_ids(self) -> tuple[int, ...]:
        return tuple(m.municipality_id for m in self.own_memberships)
