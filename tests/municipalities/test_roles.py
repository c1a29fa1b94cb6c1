"""Who may give and take roles inside a municipality (issue 12, "Privileged roles").

A project leader gives no one a role inside a member municipality, except its first coordinator
when it has none; the municipality's coordinators (or platform staff) appoint the others. An
invitation never upgrades a pending one. Coordinators remove members and end coordinator roles
(never the last one): access ends at once, what the person wrote stays, the trail records it.
"""

import re

from django.core import mail
from django.urls import reverse

from commitments.models import Commitment
from municipalities.models import Invitation, Level, Membership

from ..commitments.factories import CommitmentFactory
from ..factories import InvitationFactory, MembershipFactory, UserFactory

NETWORK_INVITE = "/n/natverk-norr/medlemmar/bjud-in/"
INVITE = "/k/alby/medlemmar/bjud-in/"


def _leader_invites(client, world, municipality, email, level=Level.FORVALTNING):
    return client.post(NETWORK_INVITE, {"municipality": municipality.pk, "email": email, "level": level})


# --- A project leader and coordinators -------------------------------------------------------------


def test_leader_cannot_make_themselves_coordinator_of_a_municipality_that_has_one(world, client_for):
    response = _leader_invites(client_for("leader"), world, world.a, world.user("leader").email)
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    page = client_for("leader").get(NETWORK_INVITE).content.decode()
    assert "Alby kommun" not in page  # not even offered


def test_leader_invites_the_first_coordinator_of_a_municipality_without_one(world, client_for):
    assert not Membership.objects.filter(municipality=world.b, is_coordinator=True).exists()
    client = client_for("leader")
    assert "Bstads kommun" in client.get(NETWORK_INVITE).content.decode()
    response = _leader_invites(client, world, world.b, "forsta.samordnare@bstad.se")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.municipality, invitation.is_coordinator, invitation.network) == (world.b, True, world.network)
    # One first coordinator: a second address is refused while that invitation waits.
    response = _leader_invites(client, world, world.b, world.user("leader").email)
    assert response.status_code == 200
    assert "väntar redan" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_leader_invitation_stops_working_once_the_municipality_has_a_coordinator(world, client_for):
    _leader_invites(client_for("leader"), world, world.b, world.user("leader").email)
    invitation = Invitation.objects.get()
    MembershipFactory(municipality=world.b, level=Level.FORVALTNING, is_coordinator=True)  # appointed by staff
    client = client_for("leader")
    path = reverse("municipalities:invitation", kwargs={"token": invitation.token})
    assert client.get(path).status_code == 410
    assert client.post(path).status_code == 410
    assert not Membership.objects.filter(user=world.user("leader")).exists()


def test_leader_cannot_upgrade_a_pending_invitation_to_coordinator(world, client_for):
    InvitationFactory(municipality=world.b, email="larare@bstad.se", level=Level.LARARE)
    response = _leader_invites(client_for("leader"), world, world.b, "larare@bstad.se", level=Level.LARARE)
    assert response.status_code == 200
    assert "redan en väntande inbjudan" in response.content.decode()
    assert not Invitation.objects.get(email="larare@bstad.se").is_coordinator


def test_a_second_invitation_never_changes_a_pending_one(world, client_for):
    client = client_for("coordinator")
    client.post(INVITE, {"email": "ny@example.se", "level": Level.LARARE})
    response = client.post(INVITE, {"email": "NY@example.se", "level": Level.LARARE, "is_coordinator": "on"})
    assert response.status_code == 200
    assert "redan en väntande inbjudan som Lärare" in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.level, invitation.is_coordinator) == (Level.LARARE, False)
    # The same role again renews the link instead.
    assert client.post(INVITE, {"email": "ny@example.se", "level": Level.LARARE}).status_code == 302
    assert Invitation.objects.count() == 1


def test_coordinator_withdraws_a_pending_invitation_and_its_link_stops_working(world, client_for, django_capture_on_commit_callbacks):
    client = client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(INVITE, {"email": "fel@example.se", "level": Level.LARARE})
    link = re.search(r"/inbjudan/\S+/", mail.outbox[0].body).group(0)
    invitation = Invitation.objects.get()
    assert "Dra tillbaka" in client.get("/k/alby/medlemmar/").content.decode()
    response = client.post(f"/k/alby/medlemmar/inbjudningar/{invitation.pk}/dra-tillbaka/")
    assert response.status_code == 302
    assert client_for("anonymous").get(link).status_code == 404
    # Now the address can be invited to another role.
    assert client.post(INVITE, {"email": "fel@example.se", "level": Level.REKTOR}).status_code == 302


# --- Removing members and ending coordinator roles ---------------------------------------------------


def test_coordinator_removes_a_member_access_ends_at_once_and_their_work_stays(world, client_for):
    larare = world.user("larare")
    commitment = CommitmentFactory(municipality=world.a, created_by=larare, owner=larare, title="Lässtunder")
    teacher = client_for("larare")
    assert teacher.get("/k/alby/").status_code == 200
    membership = Membership.objects.get(user=larare)
    client = client_for("coordinator")
    page = client.get(f"/k/alby/medlemmar/{membership.pk}/ta-bort/").content.decode()
    assert "finns kvar" in page
    response = client.post(f"/k/alby/medlemmar/{membership.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=larare).exists()
    assert teacher.get("/k/alby/").status_code == 404
    assert teacher.get("/n/natverk-norr/").status_code == 404
    assert Commitment.objects.filter(pk=commitment.pk, owner=larare, title="Lässtunder").exists()
    history = client.get("/k/alby/historik/").content.decode()
    assert "togs bort" in history and larare.full_name in history


def test_the_last_coordinator_can_neither_be_removed_nor_lose_the_role(world, client_for):
    membership = Membership.objects.get(user=world.user("coordinator"))
    client = client_for("coordinator")
    page = client.get(f"/k/alby/medlemmar/{membership.pk}/avsluta-samordnare/").content.decode()
    assert "enda samordnare" in page and "Avsluta samordnarrollen" not in page
    for path in (f"/k/alby/medlemmar/{membership.pk}/avsluta-samordnare/", f"/k/alby/medlemmar/{membership.pk}/ta-bort/"):
        response = client.post(path)
        assert response.status_code == 200
        assert "enda samordnare" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_coordinator


def test_coordinator_ends_another_coordinators_role_and_it_ends_at_once(world, client_for):
    other = MembershipFactory(
        municipality=world.a, user=UserFactory(full_name="Andra Samordnaren"), level=Level.REKTOR, is_coordinator=True
    )
    from django.test import Client

    other_client = Client()
    other_client.force_login(other.user)
    assert other_client.get("/k/alby/installningar/").status_code == 200
    response = client_for("coordinator").post(f"/k/alby/medlemmar/{other.pk}/avsluta-samordnare/")
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.is_coordinator, other.level) == (False, Level.REKTOR)
    assert other_client.get("/k/alby/installningar/").status_code == 403
    assert other_client.get("/k/alby/").status_code == 200  # still a member at their level
    history = client_for("coordinator").get("/k/alby/historik/").content.decode()
    assert "Andra Samordnaren" in history and "ändrad" in history


def test_only_coordinators_manage_members(world, client_for):
    membership = Membership.objects.get(user=world.user("larare"))
    for persona in ("forvaltning", "namnd", "rektor"):
        assert client_for(persona).post(f"/k/alby/medlemmar/{membership.pk}/ta-bort/").status_code == 403
    # A leader of the network is not inside the municipality at all.
    assert client_for("leader").post(f"/k/alby/medlemmar/{membership.pk}/ta-bort/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_member_list_offers_the_actions_to_coordinators_only(world, client_for):
    assert "Ta bort" in client_for("coordinator").get("/k/alby/medlemmar/").content.decode()
    assert "Ta bort" not in client_for("larare").get("/k/alby/medlemmar/").content.decode()
