"""Every read-API route, every token persona: the expected status (tests/permissions/api.py)."""

import pytest
from django.urls import get_resolver, reverse

from ..permissions.api import API_ROWS
from .factories import TOKEN_PERSONAS, token_personas

NOT_DATA = {"openapi-json", "api-root"}


def _api_route_names() -> set[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["api"][1]
    return {p.name for p in namespace.url_patterns if p.name not in NOT_DATA}


def test_every_api_route_has_token_rows():
    covered = {row.name for row in API_ROWS}
    assert _api_route_names() - covered == set()
    assert covered - _api_route_names() == set()


@pytest.mark.parametrize("row", API_ROWS, ids=[f"{r.name}-{r.tenant}{'-' + r.note[:20] if r.note else ''}" for r in API_ROWS])
def test_token_matrix(row, world, client):
    tokens = token_personas(world)
    slug = {"a": world.a.slug, "b": world.b.slug, "n": world.network.slug, "m": world.other_network.slug}[row.tenant]
    kind = "municipality" if row.name.startswith("municipality") else "network"
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(f"api:{row.name}", kwargs={kind: slug, **kwargs})
    got = {}
    for persona in TOKEN_PERSONAS:
        headers = {"Authorization": f"Bearer {tokens[persona]}"} if tokens[persona] else {}
        got[persona] = client.get(url, headers=headers).status_code
    mismatches = {p: (row.expect[p], got[p]) for p in TOKEN_PERSONAS if row.expect[p] != got[p]}
    assert not mismatches, f"{row.name} {url}: persona: (expected, got) {mismatches}"
