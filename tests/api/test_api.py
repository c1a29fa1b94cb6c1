"""The read API answers what the pages show, through the same selectors and the same access layer."""

import hashlib
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from goals.selectors import goal_indicator_views
from reviews.selectors import mapping_results

from .factories import make_token

pytestmark = pytest.mark.django_db


def _get(client, token, name, **kwargs):
    params = kwargs.pop("params", {})
    return client.get(reverse(f"api:{name}", kwargs=kwargs), params, headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def token_a(world):
    return make_token(created_by=world.user("coordinator"), municipality=world.a)


@pytest.fixture
def token_n(world):
    return make_token(created_by=world.user("leader"), network=world.network)


def test_goals_carry_the_goal_pages_status(client, world, content, token_a):
    body = _get(client, token_a, "municipality_goals", municipality="alby").json()
    assert body["count"] == 2
    goal = next(g for g in body["results"] if g["id"] == content["goal"].pk)
    view = goal_indicator_views(goal=content["goal"])[0]
    (indicator,) = goal["indicators"]
    assert indicator["status"] == view.status.status.value
    assert indicator["progress_percent"] == view.status.progress_percent == 50
    assert indicator["latest"] == {"school_year": 2024, "grade": 9, "value": "70.00", "marker": ""}
    assert [p["school_year"] for p in indicator["series"]] == [2022, 2023, 2024]


def test_goals_filter_by_level_and_date_and_page(client, world, content, token_a):
    rektor = _get(client, token_a, "municipality_goals", municipality="alby", params={"level": "rektor"}).json()
    assert [g["id"] for g in rektor["results"]] == [content["school_goal"].pk]
    recent = _get(client, token_a, "municipality_goals", municipality="alby", params={"since": "2023-01-01"}).json()
    assert [g["id"] for g in recent["results"]] == [content["goal"].pk]
    page2 = _get(client, token_a, "municipality_goals", municipality="alby", params={"page": 2, "page_size": 1}).json()
    assert (page2["count"], page2["pages"], page2["page"], len(page2["results"])) == (2, 2, 2, 1)


def test_another_municipalitys_goal_is_not_found(client, world, content, token_a):
    from goals.models import Goal

    other = Goal.objects.get(title="B:s mål")
    assert _get(client, token_a, "municipality_goal", municipality="alby", goal_id=other.pk).status_code == 404
    assert _get(client, token_a, "municipality_goal", municipality="alby", goal_id=content["goal"].pk).status_code == 200
    assert _get(client, token_a, "municipality_goals", municipality="bstad").status_code == 404


def test_mapping_results_are_the_selectors_cells_with_small_groups_hidden(client, world, content, token_a):
    body = _get(client, token_a, "municipality_mapping_results", municipality="alby").json()
    (mapping,) = body["results"]
    expected = mapping_results(mapping=content["mapping"], with_comments=False)
    assert len(mapping["statements"]) == len(expected.statements)
    for got, want in zip(mapping["statements"], expected.statements, strict=True):
        cells = {c["level"]: c for c in got["cells"]}
        for cell in [*want.cell_list, want.total]:
            shown = cells[cell.level]
            assert shown["hidden"] == cell.hidden
            assert shown["answers"] == (cell.n if cell.visible else None)
            assert shown["mean"] == (round(cell.mean, 2) if cell.mean is not None else None)
    # Two teachers answered: under the threshold, the cell is hidden and has no figures at all.
    teachers = next(c for c in mapping["statements"][0]["cells"] if c["level"] == "larare")
    assert teachers["hidden"] and teachers["answers"] is None and teachers["mean"] is None and teachers["counts"] == []
    assert {p["level"]: p["counted"] for p in mapping["participation"]}["larare"] == 2
    only = _get(client, token_a, "municipality_mapping_results", municipality="alby", params={"level": "rektor"}).json()
    assert {c["level"] for s in only["results"][0]["statements"] for c in s["cells"]} == {"rektor"}


def test_commitments_with_updates_newest_first_and_filters(client, world, content, token_a):
    body = _get(client, token_a, "municipality_commitments", municipality="alby").json()
    assert body["count"] == 2
    made = next(c for c in body["results"] if c["id"] == content["commitment"].pk)
    assert [u["text"] for u in made["updates"]] == ["Alla skolor", "Första besöken"]
    teachers = _get(client, token_a, "municipality_commitments", municipality="alby", params={"level": "larare"}).json()
    assert [c["id"] for c in teachers["results"]] == [content["home"].pk]
    soon = _get(client, token_a, "municipality_commitments", municipality="alby",
                params={"until": (timezone.localdate() + timezone.timedelta(days=60)).isoformat()}).json()
    assert [c["id"] for c in soon["results"]] == [content["commitment"].pk]


def test_meetings_show_the_municipalitys_participation_per_level(client, world, content, token_a):
    (meeting,) = _get(client, token_a, "municipality_meetings", municipality="alby").json()["results"]
    (own,) = meeting["participation"]
    assert own["municipality"] == "alby"
    assert {lv["level"]: (lv["registered"], lv["attended"]) for lv in own["levels"]}["rektor"] == (1, 1)


def test_network_token_reads_what_the_network_sees(client, world, content, token_n):
    goals = _get(client, token_n, "network_goals", network="natverk-norr").json()
    assert {g["title"] for g in goals["results"]} == {"Fler behöriga", "B:s mål"}
    commitments = _get(client, token_n, "network_commitments", network="natverk-norr").json()
    assert [c["id"] for c in commitments["results"]] == [content["commitment"].pk]  # not the one made at home
    assert [u["text"] for u in commitments["results"][0]["updates"]] == ["Alla skolor"]
    meetings = _get(client, token_n, "network_meetings", network="natverk-norr").json()
    assert {p["municipality"] for p in meetings["results"][0]["participation"]} == {"alby", "bstad"}
    mappings = _get(client, token_n, "network_mapping_results", network="natverk-norr").json()
    assert [m["id"] for m in mappings["results"]] == [content["mapping"].pk]
    factors = _get(client, token_n, "network_success_factors", network="natverk-norr")
    assert factors.status_code == 200 and len(factors.json()["panels"]) == 3


def test_csv_is_for_swedish_excel_and_never_a_formula(client, world, content, token_a):
    response = _get(client, token_a, "municipality_goals_csv", municipality="alby")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffgoal_id;municipality;title")
    assert "'=HYPERLINK" in text and ";=HYPERLINK" not in text
    assert ";60;2022;80;2028;on_track;50;" in text  # decimal comma would show as 60 (no trailing zeros)
    commitments = _get(client, token_a, "municipality_commitments_csv", municipality="alby").content.decode()
    assert "'-Lektionsbesök" in commitments
    for name in ("measurements_csv", "mapping_results_csv", "meetings_csv", "success_factors_csv"):
        assert _get(client, token_a, f"municipality_{name}", municipality="alby").status_code == 200


def test_token_is_stored_only_as_its_digest(world, token_a):
    token = ApiToken.objects.get(municipality=world.a)
    assert token.digest == hashlib.sha256(token_a.encode()).hexdigest()
    assert token_a not in {token.prefix, token.name, token.digest} and token_a.startswith(token.prefix)


def test_calls_are_rate_limited_per_token(client, world, settings, token_a):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api": "2/m/key"}
    assert [_get(client, token_a, "municipality_success_factors", municipality="alby").status_code for _ in range(3)] == [
        200, 200, 429,
    ]
    other = make_token(created_by=world.user("coordinator"), municipality=world.a, name="Excel")
    assert _get(client, other, "municipality_success_factors", municipality="alby").status_code == 200


def test_a_token_stops_when_its_maker_is_no_longer_coordinator(client, world, token_a):
    from municipalities.models import Membership

    Membership.objects.filter(user=world.user("coordinator")).update(is_coordinator=False)
    response = _get(client, token_a, "municipality_goals", municipality="alby")
    assert response.status_code == 403 and "inte längre kommunsamordnare" in response.json()["detail"]


def test_coordinator_makes_sees_once_and_revokes_a_token(client_for, world):
    client = client_for("coordinator")
    url = reverse("api_tokens:municipality", kwargs={"municipality": "alby"})
    expires = (timezone.localdate() + timezone.timedelta(days=30)).isoformat()
    made = client.post(url, {"name": "Power BI", "expires_on": expires})
    assert made.status_code == 200 and made["Cache-Control"] == "private, no-store"
    secret = made.context["new"].secret
    assert secret in made.content.decode()
    assert secret not in client.get(url).content.decode()  # shown once
    token = ApiToken.objects.get(municipality=world.a)
    api = client_for("anonymous")
    assert _get(api, secret, "municipality_goals", municipality="alby").status_code == 200
    client.post(reverse("api_tokens:municipality_revoke", kwargs={"municipality": "alby", "pk": token.pk}))
    assert _get(api, secret, "municipality_goals", municipality="alby").status_code == 401
    assert "Återkallad" in client.get(url).content.decode()


def test_token_form_refuses_more_than_a_year(client_for):
    client = client_for("coordinator")
    url = reverse("api_tokens:municipality", kwargs={"municipality": "alby"})
    response = client.post(url, {"name": "För länge", "expires_on": "2099-01-01"})
    assert "högst ett år" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_project_leader_makes_a_network_token(client_for, world):
    client = client_for("leader")
    url = reverse("api_tokens:network", kwargs={"network": world.network.slug})
    expires = (timezone.localdate() + timezone.timedelta(days=30)).isoformat()
    secret = client.post(url, {"name": "Nätverkets BI", "expires_on": expires}).context["new"].secret
    response = _get(client_for("anonymous"), secret, "network_goals", network=world.network.slug)
    assert response.status_code == 200
    assert _get(client_for("anonymous"), secret, "municipality_goals", municipality="alby").status_code == 404


def test_the_served_document_is_the_one_schemathesis_reads(client):
    from api.api import api

    response = client.get(reverse("api:openapi-json"))
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
