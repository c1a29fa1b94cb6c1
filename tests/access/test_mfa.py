"""A municipality can require MFA of its coordinators, a network of its project leaders."""

from allauth.mfa.models import Authenticator
from django.urls import reverse


def test_coordinator_without_mfa_is_sent_to_activate_it_when_required(world, client_for):
    world.a.require_mfa_for_coordinators = True
    world.a.save()
    response = client_for("coordinator").get("/k/alby/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # Members who are not coordinators are not affected.
    assert client_for("larare").get("/k/alby/").status_code == 200


def test_coordinator_with_totp_passes(world, client_for):
    world.a.require_mfa_for_coordinators = True
    world.a.save()
    Authenticator.objects.create(user=world.user("coordinator"), type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client_for("coordinator").get("/k/alby/").status_code == 200


def test_network_requires_mfa_of_project_leaders(world, client_for):
    world.network.require_mfa_for_leaders = True
    world.network.save()
    response = client_for("leader").get("/n/natverk-norr/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client_for("peer").get("/n/natverk-norr/").status_code == 200


def test_coordinator_turns_on_the_requirement(world, client_for):
    client = client_for("coordinator")
    response = client.post("/k/alby/installningar/", {"require_mfa_for_coordinators": "on"})
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.require_mfa_for_coordinators


def test_network_threshold_can_never_go_below_three(world, client_for):
    response = client_for("leader").post("/n/natverk-norr/installningar/", {"anonymity_threshold": "2", "agreed_rounds": "4"})
    assert response.status_code == 200
    assert 'id="id_anonymity_threshold_error"' in response.content.decode()
    world.network.refresh_from_db()
    assert world.network.anonymity_threshold == 5


def test_agreed_rounds_cannot_go_below_the_rounds_already_planned(world, client_for):
    from networks.models import Round

    for n in (1, 2):
        Round.objects.create(network=world.network, number=n, home_phase_starts="2025-08-01")
    client = client_for("leader")
    response = client.post("/n/natverk-norr/installningar/", {"anonymity_threshold": "3", "agreed_rounds": "1"})
    assert 'id="id_agreed_rounds_error"' in response.content.decode()
    response = client.post("/n/natverk-norr/installningar/", {"anonymity_threshold": "3", "agreed_rounds": "6"})
    assert response.status_code == 302
    world.network.refresh_from_db()
    assert world.network.agreed_rounds == 6
