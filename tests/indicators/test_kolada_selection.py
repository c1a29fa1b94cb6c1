"""A municipality's Kolada selection (key figures, comparison group), "Hämta nu", the monthly fetch
over every selection, and a group's median; Kolada's answers are the recorded ones in the repo."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from indicators import kolada, selectors
from indicators.models import KoladaSelection, KoladaValue, Measurement
from indicators.selectors import kolada_comparison, median
from indicators.tasks import fetch_kolada

from ..factories import MembershipFactory, UserFactory

RECORDED = Path(__file__).parent / "kolada"
BASE = "https://api.kolada.se/v3"


def recorded(url: str) -> dict:
    """Kolada's recorded answers by route (the pages follow the envelope's next_url/next_page)."""
    if url.startswith(f"{BASE}/municipality_groups"):
        name = "municipality_groups-page2.json" if "page=2" in url else "municipality_groups.json"
    elif url.startswith(f"{BASE}/kpi/"):
        name = "kpi.json"
    elif url.startswith(f"{BASE}/data/"):
        name = "data-page2.json" if "page=2" in url else "data-page1.json"
    else:
        raise AssertionError(f"unexpected request: {url}")
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


@pytest.fixture
def kolada_world(world, settings, monkeypatch):
    settings.KOLADA_API_URL = BASE
    monkeypatch.setattr(selectors, "kolada_fetch", recorded)
    monkeypatch.setattr(kolada, "http_get_json", recorded)
    world.a.code = "1440"
    world.a.save()
    return world


def _url(world, municipality=None):
    return reverse("indicators:kolada", kwargs={"municipality": (municipality or world.a).slug})


def test_coordinator_picks_kpis_and_a_kolada_group(kolada_world, client_for):
    client = client_for("coordinator")
    page = client.get(_url(kolada_world)).content.decode()
    assert "Pendlingskommun nära större stad" in page and "Pendlingskommun nära storstad" in page, "both pages"
    response = client.post(_url(kolada_world), {"kpis": "n15428, N15505 N15428", "group": "G124026", "own_codes": ""})
    assert response.status_code == 302
    with scopes_disabled():
        selection = KoladaSelection.objects.get(municipality=kolada_world.a)
    assert selection.kpis == ["N15428", "N15505"]
    assert (selection.group_id, selection.group_members) == ("G124026", ["1440", "1489", "1407"])
    assert selection.comparison_codes == ["1489", "1407"], "the municipality is not its own comparison"
    assert selection.updated_by == kolada_world.users["coordinator"]


def test_own_list_of_kommuner_and_validation(kolada_world, client_for):
    client = client_for("coordinator")
    bad = client.post(_url(kolada_world), {"kpis": "N15428, hej", "group": "G124026", "own_codes": "1489, 12"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "hej" in html and "12" in html
    assert not KoladaSelection.objects.exists()
    both = client.post(_url(kolada_world), {"kpis": "N15428", "group": "G124026", "own_codes": "1489"})
    assert "inte båda" in both.content.decode()
    client.post(_url(kolada_world), {"kpis": "N15428", "group": "", "own_codes": "1489 1407"})
    with scopes_disabled():
        selection = KoladaSelection.objects.get()
    assert (selection.group_id, selection.comparison_codes) == ("", ["1489", "1407"])


def test_kolada_not_answering_gives_a_swedish_message_and_keeps_the_saved_group(world, client_for):
    # The autouse fixture makes every Kolada request fail here.
    KoladaSelection.objects.create(municipality=world.a, kpis=["N15428"], group_id="G1", group_title="Grupp Ett",
                                   group_members=["0101", "1489"])
    client = client_for("coordinator")
    page = client.get(_url(world)).content.decode()
    assert "Kolada svarar inte just nu" in page and "Grupp Ett" in page
    assert client.post(_url(world), {"kpis": "N15505", "group": "G1", "own_codes": ""}).status_code == 302
    with scopes_disabled():
        selection = KoladaSelection.objects.get()
    assert (selection.kpis, selection.group_members) == (["N15505"], ["0101", "1489"])


def test_fetch_now_queues_the_worker_for_the_municipality_only(kolada_world, client_for, monkeypatch):
    KoladaSelection.objects.create(municipality=kolada_world.a, kpis=["N15428", "N15505"], own_codes=["1489"])
    kolada_world.b.code = "1489"
    kolada_world.b.save()
    queued = []
    monkeypatch.setattr(fetch_kolada, "delay", lambda **kwargs: queued.append(kwargs))
    response = client_for("coordinator").post(_url(kolada_world), {"action": "fetch"}, follow=True)
    assert "Hämtningen från Kolada har startat" in response.content.decode()
    assert queued == [{"municipality_id": kolada_world.a.pk}]
    fetch_kolada(**queued[0])  # what the worker then does
    with scopes_disabled():
        assert set(Measurement.objects.values_list("municipality__code", flat=True)) == {"1440"}, \
            "B is only a comparison member: no measurements of B's are written by A's fetch"
    assert KoladaValue.objects.get(kpi="N15428", municipality_code="1440", year=2023).value == Decimal("83.20")


def test_fetch_now_without_a_selection_says_so(world, client_for):
    response = client_for("coordinator").post(_url(world), {"action": "fetch"}, follow=True)
    assert "Välj nyckeltal och spara först" in response.content.decode()


def test_monthly_fetch_goes_over_every_selection(kolada_world, monkeypatch):
    kolada_world.b.code = "1489"
    kolada_world.b.save()
    KoladaSelection.objects.create(municipality=kolada_world.a, kpis=["N15428", "N15505"], own_codes=["1489"])
    KoladaSelection.objects.create(municipality=kolada_world.b, kpis=["N15428"], group_members=["1440", "1489"])
    KoladaSelection.objects.create(municipality=kolada_world.c, kpis=[])  # nothing chosen: nothing asked
    asked = []
    monkeypatch.setattr(kolada, "http_get_json", lambda url: asked.append(url) or recorded(url))
    fetch_kolada(years=[2023, 2024])
    data = [u for u in asked if "/data/" in u and "page=2" not in u]
    assert data == [
        kolada.data_url(kpis=["N15428", "N15505"], municipality_ids=["1440", "1489", "0000"], years=[2023, 2024]),
        kolada.data_url(kpis=["N15428"], municipality_ids=["1489", "1440", "0000"], years=[2023, 2024]),
    ]


def test_tenant_isolation_b_neither_sees_nor_changes_a_selection(kolada_world, client_for):
    KoladaSelection.objects.create(municipality=kolada_world.a, kpis=["N11111"], own_codes=["1999"])
    user = UserFactory(email="bkoord@example.se")
    MembershipFactory(user=user, municipality=kolada_world.b, level="forvaltning", is_coordinator=True)
    client = Client()
    client.force_login(user)
    assert client.get(_url(kolada_world)).status_code == 404
    assert client.post(_url(kolada_world), {"kpis": "N99999", "group": "", "own_codes": ""}).status_code == 404
    own = client.get(_url(kolada_world, kolada_world.b)).content.decode()
    assert "N11111" not in own and "1999" not in own
    client.post(_url(kolada_world, kolada_world.b), {"kpis": "N99999", "group": "", "own_codes": ""})
    with scopes_disabled():
        assert KoladaSelection.objects.get(municipality=kolada_world.a).kpis == ["N11111"]
        assert KoladaSelection.objects.get(municipality=kolada_world.b).kpis == ["N99999"]


# --- the comparison group's median ---------------------------------------------------------------

def test_median_odd_even_and_empty():
    assert median([Decimal(3), Decimal(1), Decimal(2)]) == Decimal(2)
    assert median([Decimal(4), Decimal(1), Decimal(3), Decimal(2)]) == Decimal("2.5")
    assert median([]) is None


@pytest.mark.usefixtures("unscoped")
def test_comparison_is_the_members_median_not_kolada_mean(world):
    world.a.code = "1440"
    world.a.save()
    selection = KoladaSelection.objects.create(municipality=world.a, kpis=["N1"], group_id="G1", group_title="G",
                                               group_members=["1440", "1001", "1002", "1003", "1004"])
    for code, value in (("1440", "80"), ("1001", "10"), ("1002", "70"), ("1003", "90"), ("1004", None)):
        KoladaValue.objects.create(kpi="N1", municipality_code=code, year=2023, value=value)
    KoladaValue.objects.create(kpi="N1", municipality_code="1004", year=2022, value=1)  # another year
    odd = kolada_comparison(municipality=world.a, kpi="N1", year=2023)
    assert (odd.own, odd.median, odd.with_value, odd.members) == (Decimal(80), Decimal(70), 3, 4), \
        "the municipality is not its own member; a member without a value is left out; mean would be 56.67"
    KoladaValue.objects.filter(municipality_code="1004", year=2023).update(value=100)
    even = kolada_comparison(municipality=world.a, kpi="N1", year=2023)
    assert (even.median, even.with_value) == (Decimal(80), 4)
    missing = kolada_comparison(municipality=world.a, kpi="N1", year=2019)
    assert (missing.own, missing.median, missing.with_value) == (None, None, 0)
    selection.group_members = []
    selection.save()
    assert kolada_comparison(municipality=world.a, kpi="N1", year=2023) is None
