"""Audit trail, a municipality's data export, and deleting one's own account."""

import io
import json
import zipfile

from allauth.account.models import EmailAddress
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from accounts.models import User
from accounts.services import user_delete_account
from municipalities.models import Level, Membership


def test_membership_change_appears_in_the_history_with_who_and_what(world, client_for):
    coordinator = world.user("coordinator")
    with scopes_disabled():
        membership = Membership.objects.get(user=world.user("larare"))
        membership._history_user = coordinator
        membership.level = Level.REKTOR
        membership.save()
    html = client_for("coordinator").get(reverse("core:municipality_history", kwargs={"municipality": "alby"})).content.decode()
    assert "medlemskap i kommun ändrad" in html.lower()
    assert "Coordinator Testsson" in html
    assert "Lärare" in html and "Rektor" in html  # old → new, as labels


def test_history_shows_only_the_own_municipality(world, client_for):
    with scopes_disabled():
        membership = Membership.objects.get(user=world.user("peer"))
        membership.level = Level.REKTOR
        membership.save()
    html = client_for("coordinator").get(reverse("core:municipality_history", kwargs={"municipality": "alby"})).content.decode()
    assert "Peer Testsson" not in html


def test_history_query_count_does_not_grow_with_changes(world, client_for, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TENANT_CACHE_SECONDS = 0  # both requests do the whole work (access.cache keeps none)
    client = client_for("coordinator")
    url = reverse("core:municipality_history", kwargs={"municipality": "alby"})
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    with scopes_disabled():
        membership = Membership.objects.get(user=world.user("larare"))
        for level in [Level.REKTOR, Level.LARARE] * 10:
            membership.level = level
            membership.save()
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_coordinator_exports_the_municipality_as_zip_with_json_and_spreadsheet(world, client_for):
    response = client_for("coordinator").get(reverse("core:municipality_export", kwargs={"municipality": "alby"}))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    members = json.loads(archive.read("json/municipalities_membership.json"))
    emails = {m["user_email"] for m in members}
    assert "larare@example.se" in emails
    assert "peer@example.se" not in emails  # another municipality's member
    schools = json.loads(archive.read("json/municipalities_school.json"))
    assert {s["name"] for s in schools} == {"Alby skola", "Albyskolan Norra"}
    invitations = archive.read("json/municipalities_invitation.json").decode()
    assert "token" not in invitations
    workbook = load_workbook(io.BytesIO(archive.read("kalkylblad.xlsx")))
    assert "municipalities_membership" in workbook.sheetnames


def test_deleting_an_account_removes_personal_data_and_keeps_the_row(world, client_for):
    client = client_for("larare")
    user = world.user("larare")
    response = client.post(reverse("accounts:delete"), {"password": "fel", "confirm": "on"})
    assert response.status_code == 200
    assert "Lösenordet stämmer inte" in response.content.decode()
    response = client.post(reverse("accounts:delete"), {"password": "testlosenord-123", "confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Borttagen användare"
    assert "larare" not in user.email
    assert not user.is_active and not user.has_usable_password()
    with scopes_disabled():
        assert not Membership.objects.filter(user=user).exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert client.get("/").status_code == 302  # signed out


def test_deleted_person_cannot_sign_in_again(world, client):
    user_delete_account(user=world.user("namnd"))
    response = client.post(reverse("account_login"), {"login": "namnd@example.se", "password": "testlosenord-123"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert User.objects.filter(email="namnd@example.se").count() == 0
