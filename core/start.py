"""Tasks shown on the start page ("to do"), collected from the apps.

Each app that has something for the user to do (a mapping to answer, a commitment due)
registers a provider in TASK_PROVIDERS: a function ``(roles: StartRoles) -> list[StartTask]``.
The start page runs inside the user's scope (access.tenant.user_view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from municipalities.crosstenant import user_memberships
from networks.crosstenant import user_project_leaderships

if TYPE_CHECKING:
    from accounts.models import User
    from municipalities.models import Membership
    from networks.models import ProjectLeader


@dataclass(frozen=True)
class StartTask:
    title: str
    url: str
    context: str = ""  # e.g. the municipality's name
    due: str = ""


@dataclass(frozen=True)
class StartRoles:
    """The user's own roles, read once for the whole start page.

    The panels and several providers need the same memberships and project-leader roles: each
    read them on its own before, which was a good part of the page's time with nothing cached
    (issue 18).
    """

    user: User
    memberships: list[Membership]  # with municipality and school, by the municipality's name
    leaderships: list[ProjectLeader]  # with the network, by the network's name


def start_roles(*, user) -> StartRoles:
    return StartRoles(
        user=user, memberships=user_memberships(user=user), leaderships=user_project_leaderships(user=user)
    )


TASK_PROVIDERS: list[Callable[[StartRoles], list[StartTask]]] = []


def register_task_provider(provider: Callable[[StartRoles], list[StartTask]]) -> Callable[[StartRoles], list[StartTask]]:
    TASK_PROVIDERS.append(provider)
    return provider


def start_tasks(*, roles: StartRoles) -> list[StartTask]:
    tasks: list[StartTask] = []
    for provider in TASK_PROVIDERS:
        tasks.extend(provider(roles))
    return tasks
