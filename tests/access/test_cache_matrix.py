"""The tenant cache never changes what a person sees: every page, every persona, kept or fresh.

For each GET row of the permission matrix, every persona who may see the page requests it in
turn with the tenant cache on, so each is served what the personas before them left in the
cache; then the same persona's page is rendered with the cache off. The two must be the same
(apart from the per-request CSRF token and CSP nonce). A fragment that varies on the viewer
without saying so in its key (a right, the user) shows up here as a difference.
"""

import re

import pytest
from django.urls import reverse

from ..permissions import OK, all_rows
from ..test_permission_matrix import _tenant_kwargs
from ..world import PERSONAS

pytestmark = pytest.mark.staff_personas  # every persona of the matrix (tests/world.py)
ROWS = [row for row in all_rows() if row.method == "get" and any(row.expect[p] == OK for p in PERSONAS)]

_PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r'<meta name="csrf-token" content="[^"]+">'), ""),
    (re.compile(r'"X-CSRFToken": "[^"]+"'), ""),
]


def _normal(html: str) -> str:
    for pattern, replacement in _PER_REQUEST:
        html = pattern.sub(replacement, html)
    return html


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.name}{'-' + r.note[:20] if r.note else ''}" for r in ROWS])
def test_kept_pages_are_the_fresh_pages(row, world, client_for, settings):
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(row.name, kwargs={**_tenant_kwargs(row.name, world), **kwargs})
    viewers = [p for p in PERSONAS if row.expect[p] == OK]
    clients = {p: client_for(p) for p in viewers}
    kept = {}
    for persona in viewers:
        response = clients[persona].get(url)
        if response.status_code != OK or not response.get("Content-Type", "").startswith("text/html"):
            return  # files, feeds and exports are not pages with fragments
        kept[persona] = _normal(response.content.decode())
    settings.TENANT_CACHE_SECONDS = 0
    for persona in viewers:
        fresh = _normal(clients[persona].get(url).content.decode())
        assert kept[persona] == fresh, f"{url} as {persona}: the kept page differs from the fresh one"
