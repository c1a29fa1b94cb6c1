"""The permission matrix: for every URL of the project, the status each persona gets.

Each app keeps its rows in ``tests/permissions/<app>.py`` as a list ``ROWS``; every module here is read.
``tests/test_permission_matrix.py`` enumerates every URL pattern, fails for a URL without a row,
and checks every row against every persona (see tests/world.py for who they are).
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from ..world import A_MEMBERS, LIKE, PERSONAS

# Every module of this package: a new app's rows file is found without editing a list (eight
# people adding apps at once edited this list in eight places).
MODULES = sorted(m.name for m in pkgutil.iter_modules(__path__))

OK, FOUND, FORBIDDEN, NOT_FOUND, NOT_ALLOWED, GONE = 200, 302, 403, 404, 405, 410


@dataclass
class Row:
    """One URL name. ``kwargs(world)`` builds its URL arguments (tenant slugs are filled in)."""

    name: str
    expect: dict[str, int]
    kwargs: Callable | None = None
    method: str = "get"
    data: Callable | None = None  # data(world) for a POST
    note: str = ""
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        for persona, model in LIKE.items():
            if persona not in self.expect and model in self.expect:
                self.expect[persona] = self.expect[model]
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def expect(default: int | None = None, **by_persona: int) -> dict[str, int]:
    result = dict.fromkeys(set(PERSONAS) - set(LIKE), default) if default is not None else {}
    result.update(by_persona)
    return result


def municipality_page(*, members: int = OK, **overrides: int) -> dict[str, int]:
    """A page of municipality A: its members get ``members``; every other signed-in persona 404."""
    base = expect(NOT_FOUND, anonymous=FOUND)
    base.update(dict.fromkeys(A_MEMBERS, members))
    base.update(overrides)
    return base


def network_page(*, members: int = OK, leader: int = OK, **overrides: int) -> dict[str, int]:
    """A page of network N: members of A and B get ``members``, its leader ``leader``; outsiders 404."""
    base = expect(NOT_FOUND, anonymous=FOUND)
    base.update(dict.fromkeys((*A_MEMBERS, "peer"), members))
    base["leader"] = leader
    base.update(overrides)
    return base


def all_rows() -> list[Row]:
    rows: list[Row] = []
    for name in MODULES:
        rows.extend(import_module(f"{__name__}.{name}").ROWS)
    return rows
