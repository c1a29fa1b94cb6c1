"""The login page's home-realm discovery and the coordinator's page."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from sso.models import IdentityProvider

from .. import factories as f
from .factories import make_saml_provider, set_policy

pytestmark = pytest.mark.django_db
PASSWORD = "testlosenord-123"


def test_an_address_of_a_municipality_with_sso_goes_to_its_provider(client, alby):
    make_saml_provider(municipality=alby, sso_url="https://idp.alby.se/sso")
    response = client.post(reverse("account_login"), {"login": "anna@alby.se", "password": ""}, HTTP_HOST="testserver")
    # A page that goes on by itself, not a redirect: the browser holds a form's redirect to
    # another origin to the CSP's form-action 'self' (tests/browser/test_sso.py goes all the way).
    assert response.status_code == 200
    target = urlparse(response.context["url"])
    assert (target.netloc, target.path) == ("idp.alby.se", "/sso")
    assert "SAMLRequest" in parse_qs(target.query)
    page = response.content.decode()
    assert f'<meta http-equiv="refresh" content="0;url={escape(response.context["url"])}">' in page
    assert f'href="{escape(response.context["url"])}"' in page


def test_a_password_still_works_where_sso_is_offered_but_not_required(client, alby):
    make_saml_provider(municipality=alby, sso_url="https://idp.alby.se/sso")
    user = f.UserFactory(email="anna@alby.se", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "anna@alby.se", "password": PASSWORD})
    assert response.status_code == 302 and "idp.alby.se" not in response["Location"]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_municipality_that_requires_sso_refuses_the_password(client, alby):
    make_saml_provider(municipality=alby, sso_url="https://idp.alby.se/sso")
    set_policy(municipality=alby, require_sso=True)
    f.UserFactory(email="anna@alby.se", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "anna@alby.se", "password": PASSWORD}, HTTP_HOST="testserver")
    assert response.context["url"].startswith("https://idp.alby.se/sso")
    assert "_auth_user_id" not in client.session


def test_other_addresses_sign_in_with_their_password(client, alby):
    make_saml_provider(municipality=alby)
    response = client.post(reverse("account_login"), {"login": "pia@example.se", "password": ""})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors


def test_the_coordinator_adds_an_oidc_provider_with_an_encrypted_secret(world, client_for):
    client = client_for("coordinator")
    url = reverse("sso:provider_create", kwargs={"municipality": world.a.slug, "kind": "oidc"})
    response = client.post(url, {
        "name": "Alby kommuns konto", "is_active": "on", "issuer": "https://login.alby.se",
        "client_id": "skolnatverk", "client_secret": "hemligt", "group_levels": "Rektorer = rektor",
    })
    assert response.status_code == 302, response.content.decode()
    with scopes_disabled():
        provider = IdentityProvider.objects.get(municipality=world.a)
    assert provider.client_secret == "hemligt" and provider.level_map == {"Rektorer": "rektor"}
    page = client.get(reverse("sso:settings", kwargs={"municipality": world.a.slug})).content.decode()
    assert "Alby kommuns konto" in page and f"/accounts/oidc/{provider.slug}/login/callback/" in page
    history = client.get(reverse("core:municipality_history", kwargs={"municipality": world.a.slug})).content.decode()
    assert "Alby kommuns konto" in history and "hemligt" not in history


def test_a_level_mapping_that_names_no_level_is_refused(world, client_for):
    url = reverse("sso:provider_create", kwargs={"municipality": world.a.slug, "kind": "oidc"})
    response = client_for("coordinator").post(url, {
        "name": "X", "issuer": "https://login.alby.se", "client_id": "x", "client_secret": "y",
        "group_levels": "Admins = samordnare",
    })
    assert response.status_code == 200
    assert "grupp = nivå" in response.content.decode()
