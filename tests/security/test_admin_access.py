"""Platform staff reach the Django admin only through the product's login with its second factor
(issue 12, "Privileged roles"); what they change there is in the audit trail."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client
from django.urls import reverse

from ..factories import UserFactory

PASSWORD = "testlosenord-123"


def _staff(**kwargs):
    return UserFactory(email="personal@skolnatverk.se", full_name="Petra Plattform", is_staff=True, is_superuser=True, **kwargs)


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _product_login(client, user, secret) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": _code(secret)})
    assert response.status_code == 302
    assert _signed_in(client)


@pytest.mark.django_db
def test_the_admin_login_form_signs_nobody_in_and_sends_to_the_product_login():
    user = _staff()
    _with_totp(user)
    client = Client()
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_sends_nobody_to_another_site():
    response = Client().get("/admin/login/?next=https://elak.example.com/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_sent_to_set_it_up():
    client = Client()
    client.force_login(_staff())
    response = client.get("/admin/", follow=True)
    # Setting up TOTP asks for the password again first (allauth), then shows the TOTP setup.
    assert (reverse("mfa_activate_totp"), 302) in response.redirect_chain
    assert "kräver tvåstegsverifiering" in response.content.decode()


@pytest.mark.django_db
def test_staff_whose_session_skipped_the_second_factor_must_enter_a_code():
    user = _staff()
    _with_totp(user)
    client = Client()
    client.force_login(user)  # a session that never passed the TOTP step
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate"))
    assert client.get("/admin/accounts/user/").status_code == 302


@pytest.mark.django_db
def test_staff_signed_in_with_password_and_totp_reach_the_admin_and_others_never_do():
    user = _staff()
    secret = _with_totp(user)
    client = Client()
    _product_login(client, user, secret)
    assert client.get("/admin/").status_code == 200
    # A signed-in member who is not staff, even with a second factor, is sent away.
    member = UserFactory(email="larare@example.se")
    member_secret = _with_totp(member)
    other = Client()
    _product_login(other, member, member_secret)
    assert other.get("/admin/").status_code == 302


def test_an_admin_change_of_a_municipality_setting_is_in_its_audit_trail(world, client_for):
    user = _staff()
    secret = _with_totp(user)
    client = Client()
    _product_login(client, user, secret)
    a = world.a
    response = client.post(
        f"/admin/municipalities/municipality/{a.pk}/change/",
        {
            "name": a.name, "slug": a.slug, "code": a.code, "kind": a.kind, "require_mfa_for_coordinators": "on",
            "schools-TOTAL_FORMS": "0", "schools-INITIAL_FORMS": "0", "schools-MIN_NUM_FORMS": "0", "schools-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    a.refresh_from_db()
    assert a.require_mfa_for_coordinators
    from allauth.mfa.models import Authenticator

    coordinator = world.user("coordinator")
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "x"})
    html = client_for("coordinator").get("/k/alby/historik/").content.decode()
    assert "Petra Plattform" in html
    assert "kräv tvåstegsverifiering för samordnare" in html.lower()
