"""Tasks shown on the start page ("to do"), collected from the apps.

Each app that has something for the user to do (a mapping to answer, a commitment due)
registers a provider in TASK_PROVIDERS: a function ``(user) -> list[StartTask]``. The start
page runs inside the user's scope (access.tenant.user_view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class StartTask:
    title: str
    url: str
    context: str = ""  # e.g. the municipality's name
    due: str = ""


TASK_PROVIDERS: list[Callable[..., list[StartTask]]] = []


def register_task_provider(provider: Callable[..., list[StartTask]]) -> Callable[..., list[StartTask]]:
    TASK_PROVIDERS.append(provider)
    return provider


def start_tasks(*, user) -> list[StartTask]:
    tasks: list[StartTask] = []
    for provider in TASK_PROVIDERS:
        tasks.extend(provider(user))
    return tasks
