"""What each role may do inside its own tenant. A missing right answers 403.

One function per action; views call them through ``require``. Each app's rights are grouped
under a heading so that the permission matrix test and this file can be read side by side.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .context import MunicipalityContext, NetworkContext


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Municipalities ------------------------------------------------------------------------------

def can_invite_members(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


def can_manage_municipality_settings(ctx: MunicipalityContext) -> bool:
    return ctx.is_coordinator


# --- Networks ------------------------------------------------------------------------------------

def can_invite_coordinators(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader


def can_manage_network_settings(ctx: NetworkContext) -> bool:
    return ctx.is_project_leader
