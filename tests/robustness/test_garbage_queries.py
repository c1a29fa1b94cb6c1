"""Every GET page, asked with a garbage query string by a user allowed to see it: never a 500.

``str.isdigit()`` is true for "²", "①" and "١", which ``int()`` refuses or reads differently;
the pages once answered 500 to ``?sida=²``, ``?aterkoppling=²`` and attendance ``attended=²``.
Pages are found from the permission matrix; the parameter names tried are every name the views
read from ``request.GET`` (found in the source, so a new one is covered without listing it here)
plus every field and link parameter on the page itself.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..commitments.factories import FeedbackFactory, make_meeting
from ..networks.factories import MeetingFactory, RegistrationFactory, RoundFactory
from ..permissions import OK, all_rows
from ..test_permission_matrix import _tenant_kwargs

_PERSONA_ORDER = ("coordinator", "forvaltning", "rektor", "larare", "namnd", "leader", "peer")
# Every app of the project (a directory with an apps.py), so an app added later is read too.
_APPS = sorted(p.parent.name for p in Path(django_settings.BASE_DIR).glob("*/apps.py"))


def _names_read_by_views() -> set[str]:
    names = set()
    for app in _APPS:
        for path in (Path(django_settings.BASE_DIR) / app).rglob("*.py"):
            names |= set(re.findall(r"GET\.(?:get|getlist)\(\s*[\"']([^\"']+)[\"']", path.read_text()))
    return names | {"next", "page", "id", "pk"}


_VIEW_PARAMS = sorted(_names_read_by_views())


def _page_params(html: str) -> set[str]:
    fields = set(re.findall(r"<(?:input|select|textarea)[^>]*\sname=\"([^\"]+)\"", html))
    links = set(re.findall(r"[?&;]([A-Za-z_]+)=", html))
    return (fields | links) - {"csrfmiddlewaretoken"}


# Every Unicode character that is a number of some kind: decimal digits of other scripts ("١"),
# superscripts and circled digits ("²", "①"), letter numerals ("Ⅻ").
_NUMBER_CHARS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Nd", "No", "Nl")]
_DIGITS = st.text(st.sampled_from(_NUMBER_CHARS), min_size=1, max_size=6)
_MIXED = st.tuples(st.integers(0, 99_999).map(str), _DIGITS).map("".join)
_HUGE = st.one_of(
    st.integers(min_value=2**31, max_value=10**400).map(str),
    st.integers(min_value=2**31, max_value=10**60).map(lambda n: f"-{n}"),
    st.just("9" * 5000),
)
_NUL = st.sampled_from(["\x00", "1\x00", "\x001", "%00", "1\x002"])
_VALUE = st.one_of(_DIGITS, _MIXED, _HUGE, _NUL, st.sampled_from(["²", "①", "Ⅻ", "١٢٣", "½", "-1", "0", "1e9", ""]),
                   st.text(max_size=40))


def _targets():
    seen = set()
    for row in all_rows():
        if row.method != "get" or row.name.startswith(("admin:", "account_", "mfa_")) or row.name == "set_language":
            continue
        for persona in _PERSONA_ORDER:
            if row.expect.get(persona) == OK and row.name not in seen:
                seen.add(row.name)
                yield pytest.param(row, persona, id=f"{row.name}-{persona}")
                break


@pytest.mark.parametrize(("row", "persona"), list(_targets()))
def test_garbage_query_strings_on_every_get_page_never_500(row, persona, world, client_for):
    kwargs = {**_tenant_kwargs(row.name, world), **(row.kwargs(world) if row.kwargs else {})}
    url = reverse(row.name, kwargs=kwargs)
    client = client_for(persona)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode(errors="replace") if page.get("Content-Type", "").startswith("text/html") else ""
    names = sorted(set(_VIEW_PARAMS) | _page_params(html))
    # Each name once with the value that broke the pages: cheap and certain.
    response = client.get(url, dict.fromkeys(names, "²"))
    assert response.status_code != 500, f"{url} answered 500 to every parameter = ²"

    @settings(max_examples=10, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(query=st.dictionaries(st.sampled_from(names), _VALUE, min_size=1, max_size=4))
    def check(query):
        response = client.get(f"{url}?{urlencode(query)}")
        assert response.status_code != 500, f"{url} answered 500 to {query!r:.300}"

    check()


def test_the_query_names_come_from_the_views():
    """Guard against a vacuous run: the source scan finds the parameters that once broke pages."""
    assert {"sida", "aterkoppling", "steg", "status", "mall", "indikator"} <= set(_VIEW_PARAMS)
    assert "²" in _NUMBER_CHARS and "١" in _NUMBER_CHARS and "Ⅻ" in _NUMBER_CHARS


# --- The values that answered 500 before (issue 12) -------------------------------------------------


def test_commitment_list_with_a_superscript_page_number_shows_the_first_page(world, client_for):
    response = client_for("larare").get("/k/alby/ataganden/", {"sida": "²"})
    assert response.status_code == 200


def test_new_commitment_from_a_superscript_feedback_id_is_a_plain_empty_form(world, client_for):
    response = client_for("larare").get("/k/alby/ataganden/nytt/", {"aterkoppling": "²"})
    assert response.status_code == 200
    response = client_for("larare").get("/k/alby/ataganden/nytt/", {"aterkoppling": "9" * 5000})
    assert response.status_code == 200


def test_new_commitment_from_feedback_still_starts_from_its_words(world, client_for):
    meeting = make_meeting(network=world.network, number=1)
    feedback = FeedbackFactory(meeting=meeting, municipality=world.a, text="Följ upp närvaron varje vecka.")
    response = client_for("larare").get("/k/alby/ataganden/nytt/", {"aterkoppling": str(feedback.pk)})
    assert "Följ upp närvaron varje vecka." in response.content.decode()


def test_attendance_with_a_superscript_id_saves_only_the_real_ids(world, client_for):
    meeting = MeetingFactory(round=RoundFactory(network=world.network, number=1))
    registration = RegistrationFactory(meeting=meeting, municipality=world.a, user=world.user("namnd"))
    response = client_for("leader").post(
        f"/n/natverk-norr/traffar/{meeting.pk}/narvaro/",
        {"action": "save", "attended": [str(registration.pk), "²", "①", "١"]},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended
