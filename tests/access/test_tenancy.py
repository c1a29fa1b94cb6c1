"""Tenant isolation: the tenant in the URL, the scoped managers, 404 across tenants, 403 inside."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from municipalities.models import Membership, School

from ..factories import MunicipalityFactory


@pytest.mark.django_db
def test_scoped_manager_refuses_an_unscoped_query():
    with pytest.raises(ScopeError):
        list(School.objects.all())


@pytest.mark.django_db
def test_scope_keeps_only_the_tenants_rows(world):
    with scope(municipality=world.a.pk):
        names = set(School.objects.values_list("name", flat=True))
    assert names == {"Alby skola", "Albyskolan Norra"}


def test_unknown_municipality_slug_is_404(world, client_for):
    assert client_for("coordinator").get("/k/finns-inte/").status_code == 404


def test_unknown_network_slug_is_404(world, client_for):
    assert client_for("leader").get("/n/finns-inte/").status_code == 404


def test_other_municipality_is_404_not_403(world, client_for):
    # A 403 would tell the caller that Bstad exists and has that page.
    response = client_for("coordinator").get(reverse("municipalities:members", kwargs={"municipality": world.b.slug}))
    assert response.status_code == 404


def test_missing_right_inside_own_tenant_is_403(world, client_for):
    response = client_for("larare").get(reverse("municipalities:invite", kwargs={"municipality": world.a.slug}))
    assert response.status_code == 403
    assert "behörighet" in response.content.decode()


def test_member_list_shows_only_own_municipality(world, client_for):
    html = client_for("larare").get(reverse("municipalities:members", kwargs={"municipality": "alby"})).content.decode()
    assert "Larare Testsson" in html
    assert "Peer Testsson" not in html  # Bstad's teacher
    assert "Outsider Testsson" not in html


def test_member_list_flags_a_missing_level(world, client_for):
    empty = MunicipalityFactory(slug="tomby")
    user = world.user("outsider")
    with scopes_disabled():
        Membership.objects.create(user=user, municipality=empty, level="forvaltning")
    html = client_for("outsider").get("/k/tomby/medlemmar/").content.decode()
    assert html.count("saknas") == 3  # nämnd, rektor and lärare are missing


def test_network_page_shows_member_municipalities_not_other_networks(world, client_for):
    html = client_for("peer").get(reverse("networks:home", kwargs={"network": world.network.slug})).content.decode()
    assert "Alby kommun" in html and "Bstads kommun" in html
    assert "Cby kommun" not in html


def test_start_page_lists_roles(world, client_for):
    html = client_for("coordinator").get("/").content.decode()
    assert "Alby kommun" in html and "kommunsamordnare" in html and "Nätverk Norr" in html
    html = client_for("leader").get("/").content.decode()
    assert "Nätverk Norr" in html and "processledare" in html
    assert "Alby kommun</a>" not in html  # a leader is not a member of the municipality


def test_a_person_can_belong_to_two_municipalities(world, client_for):
    with scopes_disabled():
        Membership.objects.create(user=world.user("peer"), municipality=world.a, level="rektor")
    client = client_for("peer")
    assert client.get("/k/alby/").status_code == 200
    assert client.get("/k/bstad/").status_code == 200
    assert client.get("/k/cby/").status_code == 404


def test_forged_municipality_in_network_invite_is_rejected(world, client_for):
    from municipalities.models import Invitation

    response = client_for("leader").post(
        reverse("networks:invite", kwargs={"network": world.network.slug}),
        {"municipality": world.c.pk, "email": "x@example.se", "level": "forvaltning"},
    )
    assert response.status_code == 200
    assert 'id="id_municipality_error"' in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_project_leader_invites_coordinator_of_member_municipality(world, client_for, mailoutbox, django_capture_on_commit_callbacks):
    from municipalities.models import Invitation

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("leader").post(
            reverse("networks:invite", kwargs={"network": world.network.slug}),
            {"municipality": world.b.pk, "email": "samordnare@bstad.se", "level": "forvaltning"},
        )
    assert response.status_code == 302
    with scopes_disabled():
        invitation = Invitation.objects.get()
    assert invitation.is_coordinator and invitation.municipality == world.b and invitation.network == world.network
    assert mailoutbox[0].to == ["samordnare@bstad.se"]
