"""Every form view, posted generated garbage by a user allowed to use it: never a 500, and a
refused post saves nothing (issue 7, robustness).

Form views are found from the permission matrix (every URL has a row there): each row's page is
fetched as each persona that gets 200, and every ``<form method="post">`` on it is a target.
Hypothesis draws the values: wrong types, huge strings, missing fields, Unicode edge cases, and
ids of other tenants' objects for choice fields.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..permissions import OK, all_rows
from ..test_permission_matrix import _tenant_kwargs

# Forms that are not the product's own (allauth's sign-in and account pages are its business and
# are rate limited; the language switch only sets a cookie), and logout.
_SKIP_ACTIONS = re.compile(r"^/(accounts/|i18n/|admin/)")
_PERSONA_ORDER = ("coordinator", "forvaltning", "rektor", "larare", "namnd", "leader")


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._current = {"action": a.get("action") or "", "fields": {}, "enctype": a.get("enctype", "")}
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "textarea", "select"} and a.get("name"):
            kind = a.get("type", tag) if tag == "input" else tag
            field = self._current["fields"].setdefault(a["name"], {"kind": kind, "options": []})
            if tag == "input" and a.get("value") is not None and kind in {"radio", "checkbox", "hidden"}:
                field["options"].append(a["value"])
            if tag == "select":
                self._select = a["name"]
        elif self._current is not None and tag == "option" and self._select:
            self._current["fields"][self._select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def _targets():
    """(row, persona) pairs to try: the first persona, in a useful order, that may use the page."""
    seen = set()
    for row in all_rows():
        if row.method != "get" or row.name.startswith(("admin:", "account_", "mfa_")) or row.name == "set_language":
            continue
        for persona in _PERSONA_ORDER:
            if row.expect.get(persona) == OK and (row.name, persona) not in seen:
                seen.add((row.name, persona))
                yield pytest.param(row, persona, id=f"{row.name}-{persona}")
                break


_UNICODE = st.sampled_from(["", " ", "\u0000", "\u202e", "😀" * 50, "Ö" * 10_000, "a\r\nb", "<script>alert(1)</script>",
                            "\"><img src=x onerror=alert(1)>", "' OR 1=1 --", "١٢٣", "²", "①", "Ⅻ", "NaN", "-1", "1e309", "0x10",
                            "12,3,4", "2024-13-45", "99:99", "9" * 40, "null", "[]", "{}"])
_GARBAGE = st.one_of(_UNICODE, st.text(max_size=300), st.integers(min_value=-(2**63), max_value=2**63).map(str),
                     st.floats(allow_nan=True).map(str), st.text(min_size=5000, max_size=20_000))


def _table_counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            m._meta.label: m._base_manager.count()
            for m in apps.get_models()
            if m._meta.app_label not in {"sessions", "admin"} and not m._meta.label.startswith("account.")
        }


@pytest.mark.parametrize(("row", "persona"), list(_targets()))
def test_garbage_posted_to_every_form_never_500s_or_half_saves(row, persona, world, client_for):
    kwargs = {**_tenant_kwargs(row.name, world), **(row.kwargs(world) if row.kwargs else {})}
    url = reverse(row.name, kwargs=kwargs)
    client: Client = client_for(persona)
    page = client.get(url)
    assert page.status_code == 200
    if page.streaming or not page.get("Content-Type", "").startswith("text/html"):
        return  # a download (zip, csv, ics, pdf): no form
    parser = _Forms()
    parser.feed(page.content.decode())
    forms = [f for f in parser.forms if not _SKIP_ACTIONS.match(urlparse(urljoin(url, f["action"])).path)]
    if not forms:
        return  # a page without a form of its own: nothing to post
    foreign_ids = [str(world.school_b1.pk), str(world.b.pk), str(world.c.pk), "999999", "-1", "0"]

    @settings(max_examples=12, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def check(data):
        form = data.draw(st.sampled_from(forms))
        target = urljoin(url, form["action"]) if form["action"] else url
        payload = {}
        for name, field in form["fields"].items():
            if name == "csrfmiddlewaretoken" or data.draw(st.booleans()) and data.draw(st.booleans()):
                continue  # sometimes a missing field
            choices = field["options"] + foreign_ids
            value = data.draw(st.one_of(st.sampled_from(choices), _GARBAGE) if choices else _GARBAGE)
            payload[name] = value
        before = _table_counts()
        response = client.post(target, payload)
        assert response.status_code != 500, f"{target} answered 500 to {payload!r:.500}"
        if response.status_code not in (301, 302, 303):
            assert _table_counts() == before, f"{target} refused the post ({response.status_code}) but saved something"

    check()


def test_form_discovery_finds_the_forms_it_must_attack(world, client_for):
    """Guard against a vacuous run: the parser must see the invitation form's fields."""
    html = client_for("coordinator").get(reverse("municipalities:invite", kwargs={"municipality": "alby"})).content.decode()
    parser = _Forms()
    parser.feed(html)
    own = [f for f in parser.forms if not _SKIP_ACTIONS.match(f["action"] or "/k/")]
    assert len(own) == 1
    assert {"email", "full_name", "level", "school", "is_coordinator"} <= set(own[0]["fields"])
    assert str(world.school_a1.pk) in own[0]["fields"]["school"]["options"]
    targets = {p.id for p in _targets()}
    assert {"municipalities:invite-coordinator", "networks:invite-leader", "networks:settings-leader"} <= targets
