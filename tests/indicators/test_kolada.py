"""Kolada's key figures into measurements, from responses in the documented shape kept in the
repo (tests/indicators/kolada/); no network."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.kolada import (
    ATTRIBUTION,
    KoladaError,
    data_url,
    kolada_import,
    kpi_groups,
    municipality_groups,
)
from indicators.models import GenderGroup, Indicator, Measurement, NationalValue, Unit

from ..factories import MunicipalityFactory

RECORDED = Path(__file__).parent / "kolada"
BASE = "https://api.kolada.se/v3"
pytestmark = pytest.mark.usefixtures("unscoped")


def recorded(url: str) -> dict:
    """The recorded answer for each URL the import asks for, and nothing else."""
    pages = {
        f"{BASE}/kpi/N15428,N15505": "kpi.json",
        data_url(kpis=["N15428", "N15505"], municipality_ids=["1440", "0000"], years=[2023, 2024]): "data-page1.json",
        f"{BASE}/data/kpi/N15428,N15505/municipality/1440,1489,0000/year/2023,2024?page=2": "data-page2.json",
    }
    assert url in pages, f"unexpected request: {url}"
    return json.loads((RECORDED / pages[url]).read_text(encoding="utf-8"))


@pytest.fixture
def ale(db, settings):
    settings.KOLADA_API_URL = BASE
    return MunicipalityFactory(name="Ale", slug="ale", code="1440")


def test_key_figures_become_measurements_with_gender_and_attribution(ale):
    result = kolada_import(kpis=["N15428", "N15505"], municipality_codes=["1440"], years=[2023, 2024], fetch=recorded)
    assert (result.created, result.national, result.skipped, result.missing) == (5, 1, 1, 1)
    girls = Indicator.objects.get(key="kolada|N15428|Flickor")
    assert girls.gender_group == GenderGroup.GIRLS and girls.unit == Unit.PERCENT and girls.source_table == ATTRIBUTION
    assert girls.is_common
    assert Measurement.objects.get(indicator=girls, municipality=ale, school_year=2023).value == Decimal("86.10")
    total = Indicator.objects.get(key="kolada|N15428|Totalt")
    assert Measurement.objects.get(indicator=total, school_year=2024).suppressed_marker == ".", "null is never 0"
    assert NationalValue.objects.get(indicator=total, school_year=2023).value == Decimal("84.00")
    merit = Indicator.objects.get(key="kolada|N15505|Totalt")
    assert merit.unit == Unit.POINTS
    assert Measurement.objects.get(indicator=merit).value == Decimal("221.50"), "the second page is read too"

    again = kolada_import(kpis=["N15428", "N15505"], municipality_codes=["1440"], years=[2023, 2024], fetch=recorded)
    assert (again.created, Measurement.objects.count()) == (0, 5), "a monthly rerun changes nothing"


def test_an_answer_in_another_shape_is_refused_and_saves_nothing(ale):
    with pytest.raises(KoladaError):
        kolada_import(kpis=["N15428"], municipality_codes=["1440"], years=[2023], fetch=lambda url: {"rows": []})
    assert not Measurement.objects.exists() and not Indicator.objects.exists()


def test_an_unknown_gender_code_is_refused_and_saves_nothing(ale):
    """Kolada's answers carry T, K (kvinnor) and M (män); the v2 README's "T|K|F" is not what the
    API returns. A code outside those is never stored under a guessed gender."""
    page = json.loads((RECORDED / "data-page1.json").read_text(encoding="utf-8"))
    page["values"][0]["values"][0]["gender"] = "F"
    del page["next_url"]

    def fetch(url: str) -> dict:
        return recorded(url) if "/kpi/N15428,N15505" in url and "/data/" not in url else page

    with pytest.raises(KoladaError, match="'F'"):
        kolada_import(kpis=["N15428", "N15505"], municipality_codes=["1440"], years=[2023, 2024], fetch=fetch)
    assert not Measurement.objects.exists() and not Indicator.objects.exists()


def test_the_worker_fetches_monthly_through_beat(settings):
    from config.settings import CELERY_BEAT_SCHEDULE

    entry = CELERY_BEAT_SCHEDULE["indicators-kolada-monthly"]
    assert entry["task"] == "indicators.tasks.fetch_kolada" and entry["schedule"] >= 28 * 24 * 3600
    from indicators.tasks import fetch_kolada

    assert fetch_kolada.max_retries >= 3 and fetch_kolada.autoretry_for


def _groups_recorded(url: str) -> dict:
    """Group answers in the shape Kolada's documentation gives (ids and titles illustrative)."""
    pages = {
        f"{BASE}/municipality_groups?title=pendlingskommun": "municipality_groups.json",
        f"{BASE}/municipality_groups?title=pendlingskommun&page=2": "municipality_groups-page2.json",
        f"{BASE}/kpi_groups/G2KPI110493": "kpi_groups.json",
    }
    assert url in pages, f"unexpected request: {url}"
    return json.loads((RECORDED / pages[url]).read_text(encoding="utf-8"))


def test_municipality_and_kpi_groups_in_the_documented_shape(settings):
    settings.KOLADA_API_URL = BASE
    groups = municipality_groups(title="pendlingskommun", fetch=_groups_recorded)
    # Both pages: the first names the next as Kolada's documentation does ("next_page").
    assert [g.id for g in groups] == ["G124026", "G124027"]
    assert groups[0].member_ids == ["1440", "1489", "1407"]
    assert groups[0].members[0] == ("1440", "Ale")
    (kpis,) = kpi_groups(ids=["G2KPI110493"], fetch=_groups_recorded)
    assert kpis.member_ids == ["N15428", "N15505"] and kpis.title == "Grundskola, resultat"


def test_a_group_in_another_shape_is_refused(settings):
    settings.KOLADA_API_URL = BASE
    for row in ({"id": "G1", "title": "x"}, {"id": "G1", "members": ["1440"]}, {"title": "x", "members": []}):
        with pytest.raises(KoladaError):
            municipality_groups(fetch=lambda url, row=row: {"values": [row], "count": 1})
