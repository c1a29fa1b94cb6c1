"""Tenant caching (access.cache): kept fragments and resolutions never outlive a change, or leak.

Every test reads a page first, so that what it then changes is already in the cache.
"""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from access import cache as tenant_cache
from access.cache import TenantScope, cached_fragment, data_version
from commitments.models import CommitmentStatus
from config.env import redis_cache
from municipalities.models import Membership
from networks import services as network_services
from networks.models import Registration

from ..commitments.factories import CommitmentFactory, make_meeting
from ..goals.factories import GoalFactory
from ..networks.factories import RegistrationFactory


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_goal_shows_on_the_kept_goal_tree_at_once(world, client_for):
    client = client_for("namnd")
    assert "Läsa och skriva" not in _text(client.get("/k/alby/mal/"))
    GoalFactory(municipality=world.a, title="Läsa och skriva")
    assert "Läsa och skriva" in _text(client.get("/k/alby/mal/"))


def test_a_change_in_one_municipality_leaves_the_others_kept_pages_alone(world, client_for):
    GoalFactory(municipality=world.b, title="Bstads mål")
    client_for("peer").get("/k/bstad/mal/")
    b_before = data_version(TenantScope(municipality_ids=(world.b.pk,)))
    a_before = data_version(TenantScope(municipality_ids=(world.a.pk,)))
    GoalFactory(municipality=world.a, title="Albys mål")
    assert data_version(TenantScope(municipality_ids=(world.b.pk,))) == b_before
    assert data_version(TenantScope(municipality_ids=(world.a.pk,))) != a_before


def test_each_municipality_sees_its_own_goal_tree_under_the_same_fragment_name(world, client_for):
    GoalFactory(municipality=world.a, title="Albys mål")
    GoalFactory(municipality=world.b, title="Bstads mål")
    alby = _text(client_for("namnd").get("/k/alby/mal/"))
    bstad = _text(client_for("peer").get("/k/bstad/mal/"))
    assert "Albys mål" in alby and "Bstads mål" not in alby
    assert "Bstads mål" in bstad and "Albys mål" not in bstad


def test_what_a_viewer_may_do_is_part_of_the_key(world, client_for):
    """The coordinator's kept tree (with "create" wording) is not the politician's."""
    coordinator = _text(client_for("coordinator").get("/k/alby/mal/"))
    politician = _text(client_for("namnd").get("/k/alby/mal/"))
    assert "Börja med nämndens övergripande mål" in coordinator
    assert "Börja med nämndens övergripande mål" not in politician


def test_a_removed_member_loses_the_municipality_at_once(world, client_for):
    client = client_for("larare")
    assert client.get("/k/alby/").status_code == 200
    Membership.objects.filter(user=world.user("larare")).delete()
    assert client.get("/k/alby/").status_code == 404


def test_a_member_removed_while_the_cache_is_unreachable_loses_access_at_once(world, client_for):
    """Authorization is never taken from the cache (issue 12): the decorators ask the database.

    The removal happens while Redis cannot be reached, so no cache version is renewed; what the
    cache kept before (pages, once the membership answer too) must not let the person in after.
    """
    from django.test import override_settings

    client = client_for("larare")
    peer = client_for("peer")
    assert client.get("/k/alby/").status_code == 200
    assert client.get("/n/natverk-norr/").status_code == 200
    assert peer.get("/n/natverk-norr/").status_code == 200
    down = {"default": redis_cache("redis://127.0.0.1:1/0")}
    with override_settings(CACHES=down):
        Membership.objects.filter(user=world.user("larare")).delete()
        world.b.network_memberships.all().delete()
    # The cache is back, with everything it kept before the outage.
    assert client.get("/k/alby/").status_code == 404
    assert client.get("/n/natverk-norr/").status_code == 404
    assert peer.get("/n/natverk-norr/").status_code == 404


def test_the_tenant_decorators_resolve_with_one_joined_query(world, django_assert_num_queries):
    from access.tenant import resolve_municipality, resolve_network

    with django_assert_num_queries(1):
        ctx = resolve_municipality(user=world.user("coordinator"), slug="alby")
    assert ctx.is_coordinator and ctx.network_ids == (world.network.pk,)
    assert ctx.membership.school_id == ctx.school_id
    with django_assert_num_queries(2):
        ctx = resolve_network(user=world.user("leader"), slug="natverk-norr")
    assert ctx.is_project_leader and set(ctx.member_municipality_ids) == {world.a.pk, world.b.pk}
    with django_assert_num_queries(2):
        ctx = resolve_network(user=world.user("peer"), slug="natverk-norr")
    assert not ctx.is_project_leader and ctx.own_municipality_ids == (world.b.pk,)


def test_a_municipality_leaving_a_network_loses_it_at_once(world, client_for):
    client = client_for("peer")
    assert client.get("/n/natverk-norr/").status_code == 200
    world.b.network_memberships.all().delete()
    assert client.get("/n/natverk-norr/").status_code == 404


def test_a_new_project_leader_reaches_the_network_at_once(world, client_for):
    client = client_for("other_leader")
    assert client.get("/n/natverk-norr/").status_code == 404
    leadership = world.network.project_leaders.create(user=world.user("other_leader"))
    assert client.get("/n/natverk-norr/").status_code == 200
    leadership.delete()
    assert client.get("/n/natverk-norr/").status_code == 404


def test_attendance_saved_with_update_renews_the_meeting_page(world, client_for):
    """attendance_save writes with QuerySet.update (no signals) and bumps the network itself."""
    meeting = make_meeting(network=world.network, number=1)
    registration = RegistrationFactory(meeting=meeting, user=world.user("larare"), municipality=world.a)
    client = client_for("leader")
    url = f"/n/natverk-norr/traffar/{meeting.pk}/"
    before = _text(client.get(url))
    network_services.attendance_save(meeting=meeting, attended_ids={registration.pk})
    assert Registration.objects.get(pk=registration.pk).attended
    after = _text(client.get(url))
    assert before != after


def test_a_progress_update_shows_in_the_kept_report_back(world, client_for):
    from commitments import services

    meeting = make_meeting(network=world.network, number=1, starts=timezone.now() - datetime.timedelta(hours=1))
    commitment = CommitmentFactory(
        municipality=world.a, title="Läsfrämjande", meeting=None, shared_with=[world.network],
        created=meeting.starts - datetime.timedelta(days=3),
    )
    client = client_for("leader")
    url = f"/n/natverk-norr/traffar/{meeting.pk}/redovisning/"
    page = _text(client.get(url))
    assert "Läsfrämjande" in page and "Ej redovisat" in page
    services.progress_update_create(
        commitment=commitment, author=world.user("larare"), text="Bokcirklar i gång i två klasser",
        done_on=timezone.localdate(),
    )
    page = _text(client.get(url))
    assert "Bokcirklar i gång i två klasser" in page


def test_the_start_page_is_kept_per_user(world, client_for):
    namnd = _text(client_for("namnd").get("/"))
    larare = _text(client_for("larare").get("/"))
    assert "Välkommen, Namnd" in namnd
    assert "Välkommen, Larare" in larare and "Välkommen, Namnd" not in larare


def test_signing_in_does_not_empty_every_cache_but_a_name_change_does(world):
    user = world.user("namnd")
    before = data_version(TenantScope())
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert data_version(TenantScope()) == before
    user.full_name = "Ny Namnsson"
    user.save()
    assert data_version(TenantScope()) != before


def test_a_renamed_user_shows_as_owner_on_kept_lists(world, client_for):
    owner = world.user("rektor")
    CommitmentFactory(municipality=world.a, title="Mattelyft", owner=owner)
    client = client_for("larare")
    assert "Rektor Testsson" in _text(client.get("/k/alby/ataganden/"))
    owner.full_name = "Rut Rektorsdotter"
    owner.save()
    assert "Rut Rektorsdotter" in _text(client.get("/k/alby/ataganden/"))


def test_a_fragment_with_a_form_token_is_refused(world, settings):
    request = RequestFactory().get("/")
    request.tenant_scope = TenantScope(municipality_ids=(world.a.pk,))
    with pytest.raises(ValueError, match="form token"):
        cached_fragment(request, "x", [], lambda: '<input name="csrfmiddlewaretoken" value="t">')


def test_without_a_cache_time_nothing_is_kept(world, client_for, settings):
    settings.TENANT_CACHE_SECONDS = 0
    client = client_for("namnd")
    client.get("/k/alby/mal/")
    assert not [k for k in cache._cache if ":tf:" in k]  # locmem's store: no fragment kept
    GoalFactory(municipality=world.a, title="Utan cache")
    assert "Utan cache" in _text(client.get("/k/alby/mal/"))


def test_a_kept_page_makes_fewer_queries_than_a_fresh_one(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    GoalFactory.create_batch(3, municipality=world.a)
    client = client_for("namnd")
    with CaptureQueriesContext(connection) as fresh:
        client.get("/k/alby/mal/")
    with CaptureQueriesContext(connection) as kept:
        client.get("/k/alby/mal/")
    # A kept page reads only the session, the user and the membership (asked on every request);
    # the goal tree is kept.
    assert len(kept.captured_queries) < len(fresh.captured_queries)
    assert len(kept.captured_queries) <= 3


def test_a_write_renews_again_when_its_transaction_commits(world):
    from django.db import connection

    from access.cache import _PendingBumps

    scope = TenantScope(municipality_ids=(world.a.pk,))
    before = data_version(scope)
    tenant_cache.bump(municipality_ids=[world.a.pk])
    bumped = data_version(scope)
    assert bumped != before  # at once, for what the transaction reads next
    pending = [cb for _sids, cb, _robust in connection.run_on_commit if isinstance(cb, _PendingBumps)]
    assert len(pending) == 1 and f"tv:m:{world.a.pk}" in pending[0]
    pending[0]()  # what the commit runs
    assert data_version(scope) != bumped


def test_a_cascade_renews_a_version_once_until_it_is_read(world, monkeypatch):
    from access import cache as module

    renewed = []
    real = module._bump_now
    monkeypatch.setattr(module, "_bump_now", lambda keys: (renewed.append(list(keys)), real(keys)))
    key = f"tv:m:{world.a.pk}"
    data_version(TenantScope(municipality_ids=(world.a.pk,)))
    for _ in range(50):  # fifty rows of one municipality deleted in one go
        tenant_cache.bump(municipality_ids=[world.a.pk])
    assert sum(key in keys for keys in renewed) == 1
    data_version(TenantScope(municipality_ids=(world.a.pk,)))  # read: the next write renews again
    tenant_cache.bump(municipality_ids=[world.a.pk])
    assert sum(key in keys for keys in renewed) == 2


def _mapping_with_answers(municipality, count: int):
    from reviews.models import Answer, Response

    from ..reviews.factories import make_mapping

    mapping = make_mapping(municipality, open_=False)
    statements = list(mapping.template.statements.all())
    responses = Response.objects.bulk_create(
        Response(mapping=mapping, user=None, level="larare", counted=True, submitted_at=timezone.now())
        for _ in range(-(-count // len(statements)))
    )
    answers = [Answer(response=r, statement=st, value=3) for r in responses for st in statements][:count]
    Answer.objects.bulk_create(answers)
    return mapping


def test_deleting_a_mapping_of_360_answers_takes_the_fast_path(world, django_assert_max_num_queries):
    """No receiver on answers or roster rows: the Collector deletes them in one query each."""
    from reviews.models import Answer, Mapping

    mapping = _mapping_with_answers(world.a, 360)
    assert Answer.objects.filter(response__mapping=mapping).count() == 360
    scope = TenantScope(municipality_ids=(world.a.pk,))
    before = data_version(scope)
    mapping = Mapping.objects.get(pk=mapping.pk)
    with django_assert_max_num_queries(10):
        mapping.delete()
    assert not Answer.objects.filter(response__mapping_id=mapping.pk).exists()
    assert data_version(scope) != before  # the mapping's own receiver renewed its municipality


def test_a_tenant_querysets_delete_renews_its_tenant(world):
    from reviews.models import Answer

    mapping = _mapping_with_answers(world.a, 30)
    scope = TenantScope(municipality_ids=(world.a.pk,))
    before = data_version(scope)
    Answer.objects.filter(response__mapping=mapping).delete()
    assert data_version(scope) != before


def test_update_on_a_tenant_queryset_renews_that_tenant_only(world):
    from goals.models import Goal

    GoalFactory(municipality=world.a, title="Före")
    GoalFactory(municipality=world.b, title="Bstad")
    alby, bstad = TenantScope(municipality_ids=(world.a.pk,)), TenantScope(municipality_ids=(world.b.pk,))
    everyone = TenantScope()
    before = data_version(alby), data_version(bstad), data_version(everyone)
    assert Goal.objects.filter(municipality=world.a).update(title="Efter") == 1
    assert data_version(alby) != before[0]
    assert (data_version(bstad), data_version(everyone)) == before[1:]
    # Nothing matched: nothing renewed.
    before = data_version(alby)
    Goal.objects.filter(municipality=world.a, title="ingen").update(title="x")
    assert data_version(alby) == before


def test_bulk_create_on_a_tenant_model_renews_its_tenant(world):
    from goals.models import Goal

    alby, bstad = TenantScope(municipality_ids=(world.a.pk,)), TenantScope(municipality_ids=(world.b.pk,))
    before = data_version(alby), data_version(bstad)
    Goal.objects.bulk_create([GoalFactory.build(municipality=world.a, title="Massmål")])
    assert data_version(alby) != before[0] and data_version(bstad) == before[1]


def test_rows_of_no_tenant_that_no_fragment_shows_renew_nothing(world):
    """An hourly reminder, a sign-in, an API call: every tenant's kept pages stay."""
    from commitments.models import ReminderKind, ReminderSent

    scope = TenantScope(municipality_ids=(world.a.pk,), network_ids=(world.network.pk,))
    before = data_version(scope)
    ReminderSent.objects.create(user=world.user("larare"), kind=ReminderKind.MAPPING, object_id=1, window="w")
    ReminderSent.objects.all().delete()
    user = world.user("larare")
    user.last_login = timezone.now()
    user.save()  # a whole save, but no shown field changed
    assert data_version(scope) == before


def test_a_meeting_reminder_mark_does_not_renew_the_network(world):
    meeting = make_meeting(network=world.network, number=1)
    registration = RegistrationFactory(meeting=meeting, user=world.user("larare"), municipality=world.a)
    scope = TenantScope(network_ids=(world.network.pk,))
    before = data_version(scope)
    Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=timezone.now())
    assert data_version(scope) == before
    Registration.objects.filter(pk=registration.pk).update(attended=True)
    assert data_version(scope) != before


def test_rows_of_one_tenant_without_a_scoped_manager_renew_their_own_tenant(world):
    """A drawn cycle figure (kept home panels) and an own indicator renew their tenant only."""
    from indicators.models import Indicator
    from reports.models import CycleFigure

    alby, bstad = TenantScope(municipality_ids=(world.a.pk,)), TenantScope(municipality_ids=(world.b.pk,))
    before = data_version(alby), data_version(bstad), data_version(TenantScope())
    CycleFigure.objects.create(municipality=world.a, svg="<svg/>", inputs_hash="x")
    Indicator.objects.create(key="egen", name="Eget mått", owner_municipality=world.a)
    assert data_version(alby) != before[0]
    assert (data_version(bstad), data_version(TenantScope())) == before[1:]
    Indicator.objects.create(key="gemensamt", name="Gemensamt mått")  # common: every tenant's goals
    assert data_version(bstad) != before[1]


def test_an_old_releases_fragment_is_not_served(world, settings):
    request = RequestFactory().get("/")
    request.tenant_scope = TenantScope(municipality_ids=(world.a.pk,))
    settings.RELEASE = "old"
    assert cached_fragment(request, "x", [], lambda: "gammal") == "gammal"
    assert cached_fragment(request, "x", [], lambda: "ny") == "gammal"  # kept within a release
    settings.RELEASE = "new"
    assert cached_fragment(request, "x", [], lambda: "ny") == "ny"


def test_no_model_row_is_kept(world, client_for):
    """Only HTML strings: rows are loaded from the database on every request."""
    goal = GoalFactory(municipality=world.a, title="Radmål")
    client_for("namnd").get(f"/k/alby/mal/{goal.pk}/")
    client_for("namnd").get("/k/alby/mal/")
    kept = [cache.get(k.split(":", 2)[2]) for k in list(cache._cache) if ":tf:" in k]  # locmem's ":1:" prefix
    assert kept and all(isinstance(v, str) for v in kept)


def test_commitment_list_pages_keep_the_filter(world, client_for):
    CommitmentFactory.create_batch(55, municipality=world.a, status=CommitmentStatus.IN_PROGRESS)
    CommitmentFactory(municipality=world.a, status=CommitmentStatus.DONE, title="Klart och gjort")
    client = client_for("larare")
    first = _text(client.get("/k/alby/ataganden/?status=pagar"))
    assert "55 åtaganden" in first and "visar 1–50" in first
    assert 'href="?status=pagar&amp;sida=2"' in first and "Klart och gjort" not in first
    second = _text(client.get("/k/alby/ataganden/?status=pagar&sida=2"))
    assert "visar 51–55" in second and 'rel="prev"' in second
    # A page number out of range shows the last page; garbage shows the first.
    assert "visar 51–55" in _text(client.get("/k/alby/ataganden/?status=pagar&sida=99"))
    assert "visar 1–50" in _text(client.get("/k/alby/ataganden/?status=pagar&sida=x"))
    # An unknown status shows the whole list, and is neither echoed nor kept under its own key.
    page = _text(client.get("/k/alby/ataganden/?status=%3Cscript%3E"))
    assert "56 åtaganden" in page and "&lt;script" not in page


def test_production_with_an_in_process_cache_is_warned_about():
    from django.test import override_settings

    from access.checks import tenant_cache_is_shared

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    redis = {"default": redis_cache("redis://x")}
    # Restored before the test ends: the fixtures' teardown empties the configured cache.
    with override_settings(DEBUG=False, CACHES=locmem, TENANT_CACHE_SECONDS=300):
        assert [w.id for w in tenant_cache_is_shared(None)] == ["access.W001"]
    with override_settings(DEBUG=False, CACHES=locmem, TENANT_CACHE_SECONDS=0):
        assert tenant_cache_is_shared(None) == []
    with override_settings(DEBUG=False, CACHES=redis, TENANT_CACHE_SECONDS=300):
        assert tenant_cache_is_shared(None) == []


def test_pager_links_carry_only_the_checked_filters(world, client_for):
    """What someone types after ? must not end up in a kept list that others are served."""
    CommitmentFactory.create_batch(51, municipality=world.a)
    page = _text(client_for("larare").get("/k/alby/ataganden/?forsenade=0&junk=%3Cb%3Ehej"))
    assert 'href="?sida=2"' in page and not re.search(r'href="\?[^"]*junk', page)
    assert 'href="?sida=2"' in _text(client_for("rektor").get("/k/alby/ataganden/"))


def test_sharing_a_goal_shows_on_its_kept_page(world, client_for):
    goal = GoalFactory(municipality=world.a, title="Delbart mål")
    client = client_for("coordinator")
    url = f"/k/alby/mal/{goal.pk}/"
    assert "Målet syns bara i kommunen." in _text(client.get(url))
    assert client.post(f"{url}dela/", {"dela-networks": [world.network.pk]}).status_code == 302
    page = _text(client.get(url))
    assert f"Delat med {world.network.name} sedan" in page and "Målet syns bara i kommunen." not in page


def test_a_new_mfa_requirement_applies_to_a_kept_resolution_at_once(world, client_for):
    client = client_for("coordinator")
    assert client.get("/k/alby/").status_code == 200
    world.a.require_mfa_for_coordinators = True
    world.a.save()
    response = client.get("/k/alby/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_pages_and_writes_work_while_the_cache_is_down(world, client_for, caplog):
    """A Redis outage makes pages slower, not broken: they are built afresh, and writes go through."""
    from django.test import override_settings

    client = client_for("namnd")
    GoalFactory(municipality=world.a, title="Före avbrottet")
    assert "Före avbrottet" in _text(client.get("/k/alby/mal/"))
    # Nothing listens on port 1: every cache call is refused at once.
    down = {"default": redis_cache("redis://127.0.0.1:1/0")}
    with override_settings(CACHES=down):
        GoalFactory(municipality=world.a, title="Under avbrottet")  # the bump fails, the write stands
        page = _text(client.get("/k/alby/mal/"))
        assert "Före avbrottet" in page and "Under avbrottet" in page
        assert client_for("peer").get("/n/natverk-norr/").status_code == 200
        assert client_for("larare").get("/k/alby/").status_code == 200
        assert client_for("leader").get("/").status_code == 200
    assert "Tenant cache unavailable" in caplog.text
    assert "Could not renew the tenant cache versions" in caplog.text
