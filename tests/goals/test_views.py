import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Goal, GoalStatus

from .factories import GoalFactory, GoalIndicatorFactory, IndicatorFactory, MeasurementFactory


def _url(name, world, **kw):
    return reverse(name, kwargs={"municipality": world.a.slug, **kw})


def _edit_data(goal, **overrides):
    data = {
        "title": goal.title, "description": "", "area": goal.area, "level": goal.level, "school": goal.school_id or "",
        "parent": goal.parent_id or "", "starts_on": "2024-08-01", "target_on": "2028-06-30", "version": goal.version,
    }
    data.update(overrides)
    return data


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(world, client_for):
    goal = GoalFactory(municipality=world.a, title="Ursprunglig")
    first, second = client_for("coordinator"), client_for("forvaltning")
    opened = _edit_data(goal)
    assert first.post(_url("goals:edit", world, pk=goal.pk), {**opened, "title": "Samordnarens"}).status_code == 302
    response = second.post(_url("goals:edit", world, pk=goal.pk), {**opened, "title": "Förvaltningens"})
    assert response.status_code == 200
    assert "Någon annan har ändrat målet medan du redigerade" in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Samordnarens"


def test_form_errors_are_shown_next_to_the_field(world, client_for):
    goal = GoalFactory(municipality=world.a)
    response = client_for("coordinator").post(
        _url("goals:edit", world, pk=goal.pk), _edit_data(goal, level="rektor", school="")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_school_error"' in html and "Ange vilken skola" in html


def test_principal_cannot_create_a_goal_for_another_school(world, client_for):
    response = client_for("rektor").post(_url("goals:create", world), {
        "title": "Annan skola", "area": "Matematik", "level": "rektor", "school": world.school_a2.pk,
        "starts_on": "2024-08-01", "target_on": "2028-06-30",
    })
    assert response.status_code == 200 and "school" in response.context["form"].errors
    assert not Goal.objects.filter(title="Annan skola").exists()


def test_politician_records_adoption(world, client_for):
    goal = GoalFactory(municipality=world.a)
    response = client_for("namnd").post(
        _url("goals:adopt", world, pk=goal.pk), {"adopted_on": "2025-03-12", "paragraph": "§ 45"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.adopted_on == datetime.date(2025, 3, 12) and goal.adoption_paragraph == "§ 45"
    page = client_for("larare").get(_url("goals:detail", world, pk=goal.pk)).content.decode()
    assert "Nämnden antog målet den 12 mars 2025, § 45." in page


def test_not_adopted_goal_is_shown_as_such(world, client_for):
    goal = GoalFactory(municipality=world.a)
    page = client_for("larare").get(_url("goals:detail", world, pk=goal.pk)).content.decode()
    assert "Målet är inte antaget av nämnden ännu." in page


def test_teacher_proposes_and_principal_accepts(world, client_for):
    response = client_for("larare").post(_url("goals:propose", world), {
        "title": "Mer problemlösning", "area": "Matematik", "starts_on": "2025-08-18", "target_on": "2026-06-15",
    })
    proposal = Goal.objects.get(title="Mer problemlösning")
    assert response.status_code == 302 and proposal.status == GoalStatus.PROPOSED
    assert proposal.school == world.school_a1 and proposal.proposed_by == world.user("larare")
    assert "Förslag" in client_for("namnd").get(_url("goals:tree", world)).content.decode()
    client_for("rektor").post(_url("goals:accept", world, pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == GoalStatus.ACTIVE


def test_suppressed_value_is_shown_as_its_marker_with_an_explanation(world, client_for):
    link = GoalIndicatorFactory(goal=GoalFactory(municipality=world.a), baseline_year=2022)
    MeasurementFactory(indicator=link.indicator, municipality=world.a, school_year=2023, value=Decimal("64.2"))
    MeasurementFactory(indicator=link.indicator, municipality=world.a, school_year=2024, value=None, suppressed_marker="..")
    page = client_for("larare").get(_url("goals:detail", world, pk=link.goal_id)).content.decode()
    assert "för få elever för att visas" in page
    assert "Status bygger på senaste visade värdet, läsåret 2022/23." in page


def _network_url(world):
    return reverse("goals:network_compare", kwargs={"network": world.network.slug})


def test_network_sees_public_statistics_and_manual_values_only_when_shared(world, client_for):
    indicator = IndicatorFactory(name="Andel (%) som fått godkänt betyg i alla ämnen")
    shared = GoalFactory(municipality=world.a, title="Albys delade mål", shared_with=[world.network])
    GoalIndicatorFactory(goal=shared, indicator=indicator, grade=9)
    GoalIndicatorFactory(goal=GoalFactory(municipality=world.b, title="Bstads hemliga mål"), indicator=indicator, grade=9)
    MeasurementFactory(indicator=indicator, municipality=world.a, school_year=2024, value=Decimal("61.1"), source="manual")
    MeasurementFactory(indicator=indicator, municipality=world.b, school_year=2024, value=Decimal("72.2"), source="import")
    MeasurementFactory(indicator=indicator, municipality=world.b, school_year=2025, value=Decimal("88.8"), source="manual")
    page = client_for("leader").get(_network_url(world)).content.decode()
    assert "Albys delade mål" in page and "61,1" in page  # A shared the goal: its own values are shown
    assert "72,2" in page  # Skolverket's statistics are public
    assert "88,8" not in page and "Bstads hemliga mål" not in page  # B shared nothing
    assert "Albys delade mål" in client_for("peer").get(_network_url(world)).content.decode()


def test_network_ignores_an_indicator_nobody_shared(world, client_for):
    indicator = IndicatorFactory()
    GoalIndicatorFactory(goal=GoalFactory(municipality=world.a, title="Eget mål"), indicator=indicator, grade=9)
    response = client_for("leader").get(_network_url(world), {"indikator": f"{indicator.pk}-9"})
    assert response.status_code == 200 and "Eget mål" not in response.content.decode()


def _populate(world, size: int) -> Goal:
    """``size`` goals in a cascade, each with two indicators and four years of values."""
    indicators = [IndicatorFactory(), IndicatorFactory(name="Andel (%) med provbetyg A-E", subject="Matematik")]
    parent = None
    for i in range(size):
        level = ("namnd", "forvaltning", "rektor", "larare")[min(i, 3)]
        goal = GoalFactory(
            municipality=world.a, parent=parent, level=level,
            school=world.school_a1 if level in ("rektor", "larare") else None,
            adopted_on=datetime.date(2024, 9, 1) if i % 2 else None, adoption_paragraph="§ 3" if i % 2 else "",
        )
        for indicator in indicators:
            GoalIndicatorFactory(goal=goal, indicator=indicator)
        parent = goal if level != "larare" else parent
    for indicator in indicators:
        for year in range(2025 - size, 2026):
            for grade in (6, 9):
                MeasurementFactory(indicator=indicator, municipality=world.a, grade=grade, school_year=year,
                                   value=Decimal("50") + year % 7)
    return Goal.objects.filter(municipality=world.a).order_by("pk").first()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["goals:tree", "goals:detail"])
def test_query_count_does_not_grow_with_goals_and_measurements(world, client_for, page, settings):
    settings.TENANT_CACHE_SECONDS = 0  # count the whole work of the page (access.cache keeps none)
    client = client_for("coordinator")
    counts = []
    for size in (2, 8):
        Goal.objects.filter(municipality=world.a).update(parent=None)
        Goal.objects.filter(municipality=world.a).delete()
        goal = _populate(world, size)
        kwargs = {"pk": goal.pk} if page == "goals:detail" else {}
        _count(client, _url(page, world, **kwargs))  # warm the session and caches
        counts.append(_count(client, _url(page, world, **kwargs)))
    assert counts[0] == counts[1], counts


def _goal_page_world(world, *, children: int, commitments: int) -> Goal:
    """A goal under a board goal, with sub-goals, a share, commitments and a change in its history."""
    from commitments.models import CommitmentStatus

    from ..commitments.factories import CommitmentFactory

    top = GoalFactory(municipality=world.a, title="Nämndens mål")
    goal = GoalFactory(municipality=world.a, title="Förvaltningens mål", level="forvaltning", parent=top,
                       shared_with=[world.network])
    for i in range(children):
        GoalFactory(municipality=world.a, title=f"Delmål {i}", level="rektor", parent=goal, school=world.school_a1,
                    status=GoalStatus.PROPOSED if i == 0 else GoalStatus.ACTIVE)
    for i in range(commitments):
        commitment = CommitmentFactory(
            municipality=world.a, title=f"Åtagande <{i}>", owner=None if i == 0 else world.user("rektor"),
            due_on=datetime.date(2024, 5, 7) + datetime.timedelta(days=i),
            status=CommitmentStatus.IN_PROGRESS if i == 0 else CommitmentStatus.DONE,
        )
        commitment.goals.add(goal)
    goal._history_user, goal._change_reason = world.user("coordinator"), "Målvärdet höjt"  # simple_history's way
    goal.save()
    return goal


def test_goal_page_shows_its_place_in_the_cascade_its_shares_commitments_and_history(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    goal = _goal_page_world(world, children=2, commitments=2)
    html = client_for("coordinator").get(_url("goals:detail", world, pk=goal.pk)).content.decode()
    top = Goal.objects.get(municipality=world.a, title="Nämndens mål")
    sub = Goal.objects.get(municipality=world.a, title="Delmål 1")
    assert '<span class="badge">Delat med nätverket</span>' in html
    assert f'<li><a href="{_url("goals:detail", world, pk=top.pk)}">Nämndens mål</a> <span class="muted">(Nämnd (politiker))</span></li>' in html
    assert (f'<li><a href="{_url("goals:detail", world, pk=sub.pk)}">Delmål 1</a> '
            '<span class="muted">(Rektor, Alby skola)</span></li>') in html
    assert "Delmål 0</a> <span class=\"muted\">(Rektor, Alby skola, förslag)</span>" in html
    assert "Delat med Nätverk Norr sedan" in html
    # The commitments: the first is overdue and nobody's, the second done and the principal's.
    first, second = (c for c in goal.commitments.order_by("due_on"))
    assert (f'<li><a href="/k/alby/ataganden/{first.pk}/">Åtagande &lt;0&gt;</a> '
            '<span class="badge status status--pagar">Pågår</span> <span class="badge badge--danger">Försenat</span>\n'
            '<span class="role">klart senast 7 maj 2024</span></li>') in html
    assert (f'<li><a href="/k/alby/ataganden/{second.pk}/">Åtagande &lt;1&gt;</a> '
            '<span class="badge status status--genomford">Genomförd</span>\n'
            '<span class="role">klart senast 8 maj 2024 · Rektor Testsson</span></li>') in html
    assert "<td>Coordinator Testsson</td>" in html and "<td>Målvärdet höjt</td>" in html


def test_goal_page_query_count_does_not_grow_with_sub_goals_and_commitments(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0  # count the whole work of the page
    client = client_for("coordinator")
    counts = []
    for size in (1, 6):
        Goal.objects.filter(municipality=world.a).update(parent=None)
        Goal.objects.filter(municipality=world.a).delete()
        goal = _goal_page_world(world, children=size, commitments=size)
        _count(client, _url("goals:detail", world, pk=goal.pk))  # warm the session
        counts.append(_count(client, _url("goals:detail", world, pk=goal.pk)))
    # Session, user, membership, the goal, its shares, the cascade, its statements, its indicator
    # links (none here: no values to read), the commitments, the history and the share form's networks.
    assert counts == [11, 11], counts


def test_another_municipalitys_goal_is_not_found(world, client_for):
    goal = GoalFactory(municipality=world.b)
    assert client_for("coordinator").get(_url("goals:detail", world, pk=goal.pk)).status_code == 404


def test_a_goals_commitments_are_read_as_plain_rows_with_owner_and_overdue(world, django_assert_num_queries):
    from commitments.selectors import GoalCommitment, commitments_for_goal

    goal = _goal_page_world(world, children=0, commitments=2)
    with django_assert_num_queries(1):
        first, second = commitments_for_goal(goal=goal)
    assert isinstance(first, GoalCommitment) and first.title == "Åtagande <0>"
    assert first.owner_name is None and first.is_overdue  # nobody's, in progress, due in 2024
    assert second.owner_name == "Rektor Testsson" and not second.is_overdue  # done
