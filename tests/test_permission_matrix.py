"""Every URL of the project, every persona: the expected status (tests/permissions/)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .permissions import all_rows
from .world import PERSONAS

ROWS = all_rows()
# Every persona, with issue 17's colleague and other_rektor (tests/world.py).
pytestmark = pytest.mark.staff_personas


def _all_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p.url_patterns, f"{namespace}:{ns}" if namespace and ns else (ns or namespace))
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = sorted(_all_url_names() - covered)
    assert not missing, f"URLs without a row in tests/permissions/: {missing}"


def test_every_row_names_a_url():
    unknown = sorted({row.name for row in ROWS} - _all_url_names())
    assert not unknown, f"rows for URLs that do not exist: {unknown}"


def test_every_unnamed_pattern_is_absent():
    """A URL without a name cannot be listed in the matrix, so none may exist.

    The admin's unnamed legacy redirects are covered by admin_view like the rest of the admin.
    """

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "admin":
                    yield from walk(p.url_patterns)
            elif not p.name:
                yield str(p.pattern)

    assert list(walk(get_resolver().url_patterns)) == []


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.name}{'-' + r.note[:20] if r.note else ''}" for r in ROWS])
def test_permission_matrix(row, world, client_for):
    kwargs = row.kwargs(world) if row.kwargs else {}
    # Tenant slugs are filled in for every row: municipality A or network N.
    try:
        url = reverse(row.name, kwargs={**_tenant_kwargs(row.name, world), **kwargs})
    except Exception as exc:  # pragma: no cover - a broken row must say why
        raise AssertionError(f"cannot build the URL of {row.name}: {exc}") from exc
    got = {}
    for persona in PERSONAS:
        client = client_for(persona)
        data = row.data(world) if row.data else None
        response = client.post(url, data or {}) if row.method == "post" else client.get(url)
        got[persona] = response.status_code
    mismatches = {p: (row.expect[p], got[p]) for p in PERSONAS if row.expect[p] != got[p]}
    assert not mismatches, f"{row.name} {url}: persona: (expected, got) {mismatches}"


def _tenant_kwargs(name: str, world) -> dict:
    from django.urls import NoReverseMatch

    for candidate in ({"municipality": world.a.slug}, {"network": world.network.slug}, {}):
        try:
            reverse(name, kwargs=candidate)
        except NoReverseMatch:
            continue
        return candidate
    return {}
