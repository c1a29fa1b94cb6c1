"""``manage.py bench`` runs on seeded data and writes what the README says it writes."""

import dataclasses
import json

import pytest
from django.core.management import call_command

from benchmarks.crosstenant import build

from .test_query_budget import SMALL

KEY_PAGES = {"start", "municipality_home", "goal_tree", "goal", "mapping_results", "meeting", "commitments",
             "report_back", "network_home"}


# Committed for real: the homes' cycle figures are stored on commit, as in a run of the command.
@pytest.mark.django_db(transaction=True)
def test_bench_measures_every_key_page_kept_and_cold(tmp_path, capsys):
    build(dataclasses.replace(SMALL, tag=""))  # the personas bench looks for (benchmarks.scale.PERSONAS)
    out = tmp_path / "bench.json"
    call_command("bench", "--no-reports", "--requests", "50", "--cold", "2", "--json", str(out))
    result = json.loads(out.read_text())
    assert set(result["pages"]) == KEY_PAGES
    assert result["timed_with_debug"] is False and result["targets"]["max_ratio"] == 3.0
    for key, page in result["pages"].items():
        assert page["requests"] == 50 and page["median_ms"] > 0 and page["p95_ms"] >= page["median_ms"]
        assert page["ratio"] == round(page["median_ms"] / page["floor_ms"], 2), key
        assert page["queries"] <= page["cold"]["queries"] <= 30, key  # kept pages read less
        assert page["cold"]["requests"] == 2
        # The cold ratios are over the floor requests paired with the cold ones.
        assert page["cold"]["floor_ms"] > 0, key
        assert page["cold"]["ratio"] == round(page["cold"]["median_ms"] / page["cold"]["floor_ms"], 2), key
        assert page["cold"]["p95_ratio"] == round(page["cold"]["p95_ms"] / page["cold"]["floor_ms"], 2), key
        assert page["meets"]["cold_ratio"] == (page["cold"]["ratio"] <= 12.0), key
        assert page["meets"]["cold_p95"] == (page["cold"]["p95_ratio"] <= 20.0), key
        assert set(page["meets"]) == {"queries", "ratio", "p95", "cold_ratio", "cold_p95"}
    assert "floor (again)" in capsys.readouterr().out
