"""SAML answers that must be refused, each with a clear Swedish message.

The answers come from the test IdP (tests/sso/saml_idp.py, signed by xmlsec like any IdP's) in
answer to a real request of ours: the login page sends the person off (home-realm discovery), the
test reads the AuthnRequest, builds the answer and posts it to allauth's ACS as the browser would.
The successful sign-in in the browser is tests/browser/test_sso.py. At the end: deleting the
account of someone who signs in only through the provider.
"""

import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from accounts.models import User
from municipalities.models import Level, Membership
from sso.models import IdentityProvider, ProviderKind

from .. import factories as f
from .factories import set_policy
from .keys import key_and_cert
from .saml_idp import MFA, PASSWORD, SamlIdP

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # python3-saml builds the addresses from the Host header, which Django's test client omits.
    return Client(HTTP_HOST="testserver")


@pytest.fixture
def idp():
    idp = SamlIdP(name="alby-idp")
    idp.base_url = "https://idp.alby.se"
    return idp


@pytest.fixture
def provider(alby, idp):
    with scopes_disabled():
        return IdentityProvider.objects.create(
            municipality=alby, kind=ProviderKind.SAML, name="Alby kommuns konto", slug="alby-saml",
            idp_entity_id=idp.entity_id, idp_sso_url=idp.sso_url, idp_x509cert=idp.cert_body,
            group_levels="rektorer = rektor",
        )


def _request(client: Client, idp: SamlIdP, email: str = "anna@alby.se"):
    """Our login page with the address only: the AuthnRequest on its way to the IdP."""
    response = client.post(reverse("account_login"), {"login": email, "password": ""})
    assert response.status_code == 200, response.content.decode()
    return idp.parse_authn_request(urlparse(response.context["url"]).query)


def _post(client: Client, request, saml_response: str):
    """The browser posts the answer to the ACS, which keeps it and sends the browser on."""
    acs = urlparse(request.acs_url).path
    kept = client.post(acs, {"SAMLResponse": saml_response, "RelayState": request.relay_state})
    assert kept.status_code == 302
    return client.get(kept["Location"])


def _answer(idp: SamlIdP, request, **overrides) -> str:
    fields = {"acs_url": request.acs_url, "audience": request.issuer, "in_response_to": request.id,
              "email": "anna@alby.se", "name": "Anna Andersson", "groups": ("rektorer",)} | overrides
    return idp.encoded(idp.response_xml(**fields))


def _refused(response) -> str:
    assert response.status_code == 403, response.content.decode()[:500]
    assert "_auth_user_id" not in response.wsgi_request.session
    page = response.content.decode()
    assert "Inloggningen godtogs inte" in page
    return page


def test_a_signed_answer_to_our_request_signs_in_as_a_member(client, idp, provider):
    request = _request(client, idp)
    assert request.acs_url == "http://testserver/accounts/saml/alby-saml/acs/"
    response = _post(client, request, _answer(idp, request))
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(email="anna@alby.se")
    assert client.session["_auth_user_id"] == str(user.pk)
    with scopes_disabled():
        assert Membership.objects.get(user=user).level == Level.REKTOR
    assert user.socialaccount_set.get().extra_data["urn:oid:0.9.2342.19200300.100.1.3"] == ["anna@alby.se"]


def test_an_answer_for_another_service_is_refused(client, idp, provider):
    request = _request(client, idp)
    answer = _answer(idp, request, audience="https://annan-tjanst.example.se/saml/metadata")
    page = _refused(_post(client, request, answer))
    assert "avsett för en annan tjänst" in page
    assert not User.objects.exists()


def test_an_expired_answer_is_refused(client, idp, provider):
    request = _request(client, idp)
    answer = _answer(idp, request, issued=datetime.now(UTC) - timedelta(hours=1))
    page = _refused(_post(client, request, answer))
    assert "har gått ut" in page
    assert not User.objects.exists()


def test_an_unsigned_answer_is_refused(client, idp, provider):
    request = _request(client, idp)
    page = _refused(_post(client, request, _answer(idp, request, sign=False)))
    assert "var inte signerat" in page
    assert not User.objects.exists()


def test_an_answer_signed_with_another_key_is_refused(client, idp, provider):
    request = _request(client, idp)
    forger_key, _cert = key_and_cert("forger")
    page = _refused(_post(client, request, _answer(idp, request, key_pem=forger_key)))
    assert "signatur stämmer inte" in page
    assert not User.objects.exists()


def test_a_replayed_answer_is_refused(client, idp, provider):
    request = _request(client, idp)
    answer = _answer(idp, request)
    assert _post(client, request, answer)["Location"] == "/"
    # The same answer again: in the same browser after signing out, and in another browser.
    client.post(reverse("account_logout"))
    page = _refused(_post(client, request, answer))
    assert "redan använts" in page
    page = _refused(_post(Client(HTTP_HOST="testserver"), request, answer))
    assert "redan använts" in page


def test_an_assertion_lifted_into_an_answer_to_a_new_request_is_refused(client, idp, provider):
    """The signed assertion names the request it answered: wrapped in a Response to a new request
    of ours (whose outer element is not signed), it is refused all the same."""
    request = _request(client, idp)
    xml = idp.response_xml(acs_url=request.acs_url, audience=request.issuer, in_response_to=request.id,
                           email="anna@alby.se", groups=("rektorer",))
    assert _post(client, request, idp.encoded(xml))["Location"] == "/"
    client.post(reverse("account_logout"))
    second = _request(client, idp)
    replayed = xml.replace(f'InResponseTo="{request.id}"', f'InResponseTo="{second.id}"', 1)
    page = _refused(_post(client, second, idp.encoded(replayed)))
    assert "redan använts" in page


def test_an_idp_of_one_municipality_cannot_make_a_member_of_another(client, idp, provider, bstad):
    request = _request(client, idp)
    answer = _answer(idp, request, email="rektor@bstad.se", groups=("rektorer",))
    page = _refused(_post(client, request, answer))
    assert "rektor@bstad.se hör inte dit" in page
    with scopes_disabled():
        assert not Membership.objects.filter(municipality=bstad).exists()
    assert not User.objects.filter(email="rektor@bstad.se").exists()


def test_an_idp_cannot_take_over_an_existing_member_of_another_municipality(client, idp, provider, bstad):
    rektor = f.UserFactory(email="rektor@bstad.se")
    with scopes_disabled():
        f.MembershipFactory(user=rektor, municipality=bstad, level=Level.REKTOR)
    request = _request(client, idp)
    _refused(_post(client, request, _answer(idp, request, email="rektor@bstad.se")))
    assert not rektor.socialaccount_set.exists()
    with scopes_disabled():
        assert list(Membership.objects.filter(user=rektor).values_list("municipality__slug", flat=True)) == ["bstad"]


def test_mfa_at_the_idp_needs_its_authentication_context(client, idp, provider):
    with scopes_disabled():
        provider.required_acr = MFA
        provider.save()
    set_policy(municipality=provider.municipality, mfa="provider")
    request = _request(client, idp)
    page = _refused(_post(client, request, _answer(idp, request, authn_context=PASSWORD)))
    assert "kräver tvåstegsverifiering hos Alby kommuns konto" in page
    request = _request(client, idp)
    assert _post(client, request, _answer(idp, request, authn_context=MFA))["Location"] == "/"


def test_our_metadata_is_valid_until_a_whole_day(client, provider):
    """The same document for every fetch of a day (python3-saml's default moved every second)."""
    metadata = client.get(reverse("saml_metadata", args=[provider.slug])).content.decode()
    until = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d")
    assert f'validUntil="{until}T00:00:00Z"' in metadata
    assert 'Location="http://testserver/accounts/saml/alby-saml/acs/"' in metadata


# --- Deleting the account of someone who signs in only through the provider -------------------
# They have no password to confirm with: a sign-in a moment ago confirms it is them instead.

def _sign_in(client, idp):
    request = _request(client, idp)
    assert _post(client, request, _answer(idp, request))["Location"] == "/"
    return User.objects.get(email="anna@alby.se")


def test_a_person_signed_in_through_the_provider_deletes_their_account(client, idp, provider):
    user = _sign_in(client, idp)
    assert not user.has_usable_password()
    page = client.get(reverse("accounts:delete")).content.decode()
    assert 'name="password"' not in page
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert (user.is_active, user.email) == (False, f"raderad-{user.pk}@anonymiserad.invalid")
    assert not SocialAccount.objects.filter(user=user).exists()
    with scopes_disabled():
        assert not Membership.objects.filter(user=user).exists()


def test_without_a_recent_sign_in_the_provider_only_person_is_asked_to_sign_in_again(client, idp, provider):
    user = _sign_in(client, idp)
    session = client.session
    records = session[AUTHENTICATION_METHODS_SESSION_KEY]
    for record in records:
        record["at"] = time.time() - 3600
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session.save()
    response = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 200
    assert "Logga ut och in igen, och ta sedan bort kontot inom 5 minuter" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and SocialAccount.objects.filter(user=user).exists()


# --- MFA in the product after the provider's sign-in ---------------------------------------------

def test_mfa_in_the_product_is_required_after_signing_in_through_the_provider(client, idp, provider):
    from allauth.mfa.models import Authenticator

    set_policy(municipality=provider.municipality, mfa="product")
    request = _request(client, idp)
    response = _post(client, request, _answer(idp, request))
    assert response["Location"] == reverse("mfa_activate_totp")
    # Signed in, but the municipality's pages wait until MFA is on.
    page = client.get(reverse("municipalities:home", kwargs={"municipality": "alby"}))
    assert page.status_code == 302 and page["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="anna@alby.se")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    page = client.get(reverse("municipalities:home", kwargs={"municipality": "alby"}))
    assert page.status_code == 200


def test_with_mfa_on_the_product_asks_for_the_code_after_the_provider(client, idp, provider):
    from allauth.mfa.models import Authenticator

    user = _sign_in(client, idp)
    set_policy(municipality=provider.municipality, mfa="product")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.post(reverse("account_logout"))
    request = _request(client, idp)
    response = _post(client, request, _answer(idp, request))
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
