"""Single sign-on in the browser, end to end against real providers started on this machine.

The OIDC provider is the npm package oidc-provider (tests/sso/providers/oidc.mjs), the SAML
identity provider tests/sso/saml_idp.py. The person types only the e-mail address on our login
page (home-realm discovery by domain), signs in at the provider, and comes back signed in.
"""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from accounts.models import User
from municipalities.models import Level, Membership
from sso.models import IdentityProvider, ProviderKind

from .. import factories as f
from ..sso.factories import make_oidc_provider, set_policy
from ..sso.servers import oidc_provider, saml_idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OIDC_SLUG = "alby-oidc"
ACCOUNTS = {"anna@alby.se": {"name": "Anna Andersson", "groups": ["rektorer"]}}


@pytest.fixture
def alby():
    with scopes_disabled():
        return f.MunicipalityFactory(name="Alby kommun", slug="alby", email_domains="alby.se")


@pytest.fixture
def oidc(live_server, alby):
    callback = f"{live_server.url}/accounts/oidc/{OIDC_SLUG}/login/callback/"
    client = {"client_id": "skolnatverk-alby", "client_secret": "hemlig-klient-alby", "redirect_uris": [callback]}
    with oidc_provider(clients=[client], accounts=ACCOUNTS) as issuer:
        yield make_oidc_provider(
            municipality=alby, slug=OIDC_SLUG, issuer=issuer, client_id=client["client_id"],
            client_secret=client["client_secret"], group_levels="rektorer = rektor",
        )


@pytest.fixture
def saml(live_server, alby):
    with saml_idp(accounts=ACCOUNTS) as idp:
        # By metadata URL, as a municipality's IT department gives it (allauth reads it).
        with scopes_disabled():
            provider = IdentityProvider.objects.create(
                municipality=alby, kind=ProviderKind.SAML, name="Alby kommuns konto (SAML)",
                metadata_url=idp.entity_id, group_levels="rektorer = rektor",
            )
        yield idp, provider


def _email_first(page, base_url: str, email: str) -> None:
    """Our login page: only the address, then on to the municipality's provider."""
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("E-postadress").fill(email)
    page.locator("main").get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def _at_oidc_provider(page, *, email: str | None = None, mfa: bool = False, deny: bool = False) -> None:
    page.get_by_role("heading", name="Testkommunens inloggning").wait_for()
    if email is not None:
        page.get_by_label("E-post hos leverantören").fill(email)
    if mfa:
        page.get_by_label("Bekräftad med andra faktor").check()
    page.get_by_role("button", name="Neka" if deny else "Fortsätt").click()
    page.wait_for_load_state()


def test_oidc_sign_in_makes_a_member_at_the_mapped_level(page, live_server, oidc):
    _email_first(page, live_server.url, "Anna@alby.se")
    page.wait_for_url(f"{oidc.issuer}/**")
    # The address typed on our page reaches the provider (login_hint).
    expect(page.get_by_label("E-post hos leverantören")).to_have_value("Anna@alby.se")
    _at_oidc_provider(page)
    assert page.url == live_server.url + "/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna", use_inner_text=True)
    expect(page.get_by_role("region", name="Mina kommuner")).to_contain_text("Alby kommun", use_inner_text=True)
    with scopes_disabled():
        membership = Membership.objects.get(user__email="anna@alby.se")
        assert membership.user.full_name == "Anna Andersson"
    assert (membership.municipality.slug, membership.level, membership.is_coordinator) == ("alby", Level.REKTOR, False)

    # The next time the provider remembers her (single sign-on): straight back, the same account.
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
    _email_first(page, live_server.url, "anna@alby.se")
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna", use_inner_text=True)
    assert User.objects.filter(email="anna@alby.se").count() == 1


def test_oidc_provider_of_one_municipality_cannot_sign_in_an_address_of_another(page, live_server, oidc):
    with scopes_disabled():
        bstad = f.MunicipalityFactory(name="Bstads kommun", slug="bstad", email_domains="bstad.se")
    _email_first(page, live_server.url, "anna@alby.se")
    _at_oidc_provider(page, email="rektor@bstad.se")
    expect(page.get_by_role("alert")).to_contain_text("rektor@bstad.se hör inte dit", use_inner_text=True)
    alert = page.get_by_role("alert").inner_text()
    assert "rektor@bstad.se hör inte dit" in alert and "Alby kommuns konto" in alert
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen godtogs inte", use_inner_text=True)
    with scopes_disabled():
        assert not Membership.objects.filter(municipality=bstad).exists()
        assert not User.objects.filter(email="rektor@bstad.se").exists()


def test_oidc_provider_that_refuses_the_person_gives_a_swedish_message(page, live_server, oidc):
    _email_first(page, live_server.url, "anna@alby.se")
    _at_oidc_provider(page, deny=True)
    expect(page.get_by_role("alert")).to_contain_text("Din identitetsleverantör nekade inloggningen", use_inner_text=True)
    assert not User.objects.filter(email="anna@alby.se").exists()


def test_oidc_mfa_required_at_the_provider_checks_the_authentication_context(page, live_server, oidc):
    with scopes_disabled():
        oidc.required_acr = "urn:skolnatverk:test:mfa"
        oidc.save()
    set_policy(municipality=oidc.municipality, mfa="provider")
    _email_first(page, live_server.url, "anna@alby.se")
    _at_oidc_provider(page)
    expect(page.get_by_role("alert")).to_contain_text("kräver tvåstegsverifiering hos Alby kommuns konto", use_inner_text=True)
    assert not User.objects.filter(email="anna@alby.se").exists()

    _email_first(page, live_server.url, "anna@alby.se")
    _at_oidc_provider(page, mfa=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna", use_inner_text=True)


def _at_saml_idp(page, *, email: str, mfa: bool = False, deny: bool = False) -> None:
    page.get_by_role("heading", name="Testkommunens SAML-inloggning").wait_for()
    page.get_by_label("E-post hos leverantören").fill(email)
    if mfa:
        page.get_by_label("Bekräftad med andra faktor").check()
    page.get_by_role("button", name="Neka" if deny else "Fortsätt").click()
    # The HTTP-POST binding: the IdP's page posts the signed answer to our ACS.
    page.get_by_role("button", name="Tillbaka till tjänsten").click()
    page.wait_for_load_state()


def test_saml_sign_in_makes_a_member_at_the_mapped_level(page, live_server, saml):
    idp, _provider = saml
    _email_first(page, live_server.url, "anna@alby.se")
    page.wait_for_url(f"{idp.sso_url}?**")
    _at_saml_idp(page, email="anna@alby.se")
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna", use_inner_text=True)
    expect(page.get_by_role("region", name="Mina kommuner")).to_contain_text("Alby kommun", use_inner_text=True)
    with scopes_disabled():
        membership = Membership.objects.get(user__email="anna@alby.se")
        assert membership.user.full_name == "Anna Andersson"
    assert (membership.municipality.slug, membership.level, membership.is_coordinator) == ("alby", Level.REKTOR, False)


def test_saml_idp_of_one_municipality_cannot_sign_in_an_address_of_another(page, live_server, saml):
    with scopes_disabled():
        bstad = f.MunicipalityFactory(name="Bstads kommun", slug="bstad", email_domains="bstad.se")
    _email_first(page, live_server.url, "anna@alby.se")
    _at_saml_idp(page, email="rektor@bstad.se")
    expect(page.get_by_role("alert")).to_contain_text("rektor@bstad.se hör inte dit", use_inner_text=True)
    with scopes_disabled():
        assert not Membership.objects.filter(municipality=bstad).exists()
        assert not User.objects.filter(email="rektor@bstad.se").exists()


def test_saml_idp_that_refuses_the_person_gives_a_swedish_message(page, live_server, saml):
    _email_first(page, live_server.url, "anna@alby.se")
    _at_saml_idp(page, email="anna@alby.se", deny=True)
    expect(page.get_by_role("alert")).to_contain_text("Din identitetsleverantör nekade inloggningen", use_inner_text=True)
    assert not User.objects.filter(email="anna@alby.se").exists()


def test_saml_mfa_required_at_the_idp_checks_the_authentication_context(page, live_server, saml):
    from ..sso.saml_idp import MFA

    idp, provider = saml
    with scopes_disabled():
        provider.required_acr = MFA
        provider.save()
    set_policy(municipality=provider.municipality, mfa="provider")
    _email_first(page, live_server.url, "anna@alby.se")
    _at_saml_idp(page, email="anna@alby.se")
    expect(page.get_by_role("alert")).to_contain_text("kräver tvåstegsverifiering hos Alby kommuns konto (SAML)", use_inner_text=True)
    assert not User.objects.filter(email="anna@alby.se").exists()

    _email_first(page, live_server.url, "anna@alby.se")
    _at_saml_idp(page, email="anna@alby.se", mfa=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Välkommen, Anna", use_inner_text=True)
