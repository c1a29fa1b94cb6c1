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

# Downloads, feeds and exports: files, not pages with kept fragments. They are listed by name so
# every other row is compared (no case passes without a comparison), and checked on their own.
FILES = {
    "commitments:attachment", "core:municipality_export", "indicators:export_csv", "indicators:export_xlsx",
    "networks:calendar_feed", "networks:meeting_ical", "quality:dialogue_ical", "quality:document_download",
    "reports:municipality_download", "reports:network_download", "progression:template",
}
# Machine-readable documents that describe the service, not a tenant (the API's OpenAPI document,
# a SAML service provider's metadata): the same bytes for everyone, checked on their own.
PUBLIC_DOCUMENTS = {"api:openapi-json", "saml_metadata"}
_READABLE = [row for row in all_rows() if row.method == "get" and any(row.expect[p] == OK for p in PERSONAS)]
ROWS = [row for row in _READABLE if row.name not in FILES | PUBLIC_DOCUMENTS]
FILE_ROWS = [row for row in _READABLE if row.name in FILES]
DOCUMENT_ROWS = [row for row in _READABLE if row.name in PUBLIC_DOCUMENTS]

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
        assert response.status_code == OK, (url, persona)
        assert response["Content-Type"].startswith("text/html"), f"{row.name} is a file: list it in FILES"
        kept[persona] = _normal(response.content.decode())
    settings.TENANT_CACHE_SECONDS = 0
    for persona in viewers:
        fresh = _normal(clients[persona].get(url).content.decode())
        assert kept[persona] == fresh, f"{url} as {persona}: the kept page differs from the fresh one"


def test_every_listed_file_is_a_row_of_the_matrix():
    assert {row.name for row in FILE_ROWS} == FILES
    assert {row.name for row in DOCUMENT_ROWS} == PUBLIC_DOCUMENTS


@pytest.mark.parametrize("row", DOCUMENT_ROWS, ids=[r.name for r in DOCUMENT_ROWS])
def test_public_documents_are_the_same_for_everyone(row, world, client_for):
    """Nothing of the viewer or a tenant gets into a document that anyone may fetch."""
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(row.name, kwargs={**_tenant_kwargs(row.name, world), **kwargs})
    bodies = {}
    for persona in [p for p in PERSONAS if row.expect[p] == OK]:
        response = client_for(persona).get(url)
        assert response.status_code == OK, (url, persona)
        assert not response["Content-Type"].startswith("text/html"), f"{row.name} is a page"
        # SAML metadata carries its own expiry, counted from the second it was made.
        bodies[persona] = re.sub(rb'validUntil="[^"]*"', b'validUntil=""', response.content)
    assert "anonymous" in bodies, f"{row.name}: a public document that anonymous visitors cannot fetch"
    assert len(set(bodies.values())) == 1, f"{url}: the document differs between viewers"


@pytest.mark.parametrize("row", FILE_ROWS, ids=[r.name for r in FILE_ROWS])
def test_files_are_never_kept(row, world, client_for):
    """A download is made for its request: never stored by a shared cache or the browser."""
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(row.name, kwargs={**_tenant_kwargs(row.name, world), **kwargs})
    for persona in [p for p in PERSONAS if row.expect[p] == OK]:
        response = client_for(persona).get(url)
        assert response.status_code == OK, (url, persona)
        assert not response["Content-Type"].startswith("text/html"), f"{row.name} is a page: remove it from FILES"
        if persona != "anonymous":
            assert "no-store" in response["Cache-Control"], (url, persona)
