"""The sign-in rules of single sign-on, without a provider (the browser tests drive real ones)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_scopes import scopes_disabled

from municipalities.models import Level, Membership
from sso import selectors, services
from sso.models import IdentityProvider, PendingMember

from .. import factories as f
from .factories import make_oidc_provider, make_saml_provider, set_policy

pytestmark = pytest.mark.django_db


def _assertion(email, groups=(), acr=""):
    return services.Assertion(email=email, name="Anna Andersson", groups=tuple(groups), acr=acr)


def test_a_provider_cannot_vouch_for_another_municipalitys_domain(alby, bstad):
    provider = make_oidc_provider(municipality=alby)
    with pytest.raises(services.SignInRefused) as refused:
        services.sign_in_check(provider=provider, assertion=_assertion("rektor@bstad.se"))
    assert refused.value.code == "foreign_domain"
    assert "rektor@bstad.se hör inte dit" in refused.value.message


def test_subdomains_of_the_municipality_are_its_own(alby):
    provider = make_oidc_provider(municipality=alby)
    services.sign_in_check(provider=provider, assertion=_assertion("anna@skola.alby.se"))
    with pytest.raises(services.SignInRefused):
        services.sign_in_check(provider=provider, assertion=_assertion("anna@alby.se.evil.example"))


def test_a_municipality_without_domains_lets_its_provider_vouch_for_nobody():
    provider = make_oidc_provider(municipality=f.MunicipalityFactory(email_domains=""))
    with pytest.raises(services.SignInRefused):
        services.sign_in_check(provider=provider, assertion=_assertion("anna@alby.se"))


def test_mfa_at_the_provider_needs_the_authentication_context(alby):
    provider = make_oidc_provider(municipality=alby, required_acr="urn:mfa")
    set_policy(municipality=alby, mfa="provider")
    with pytest.raises(services.SignInRefused) as refused:
        services.sign_in_check(provider=provider, assertion=_assertion("anna@alby.se", acr="urn:pwd"))
    assert refused.value.code == "mfa_missing"
    services.sign_in_check(provider=provider, assertion=_assertion("anna@alby.se", acr="urn:mfa"))


def test_a_mapped_group_gives_the_level_and_never_the_coordinator_role(alby):
    provider = make_oidc_provider(
        municipality=alby, group_levels="rektorer = rektor\nsamordnare = forvaltning\nadmins = coordinator"
    )
    user = f.UserFactory(email="anna@alby.se")
    membership = services.membership_provision(
        provider=provider, user=user, assertion=_assertion("anna@alby.se", groups=["admins", "rektorer"])
    )
    assert isinstance(membership, Membership)
    assert (membership.municipality, membership.level, membership.is_coordinator) == (alby, Level.REKTOR, False)


def test_the_level_follows_the_group_at_the_next_sign_in_and_the_role_stays(alby):
    provider = make_oidc_provider(municipality=alby, group_levels="larare = larare\nrektorer = rektor")
    user = f.UserFactory(email="anna@alby.se")
    f.MembershipFactory(user=user, municipality=alby, level=Level.LARARE, is_coordinator=True)
    services.membership_provision(provider=provider, user=user, assertion=_assertion("anna@alby.se", ["rektorer"]))
    with scopes_disabled():
        membership = Membership.objects.get(user=user)
    assert (membership.level, membership.is_coordinator) == (Level.REKTOR, True)


def test_without_a_mapped_group_the_person_waits_for_the_coordinator(alby):
    provider = make_oidc_provider(municipality=alby)
    user = f.UserFactory(email="anna@alby.se")
    pending = services.membership_provision(provider=provider, user=user, assertion=_assertion("anna@alby.se"))
    assert isinstance(pending, PendingMember)
    with scopes_disabled():
        assert not Membership.objects.filter(user=user).exists()
        membership = services.pending_member_accept(pending=pending, level=Level.LARARE)
        assert not PendingMember.objects.exists()
    assert (membership.level, membership.is_coordinator) == (Level.LARARE, False)


def test_a_default_level_makes_a_member_at_once(alby):
    provider = make_oidc_provider(municipality=alby, default_level=Level.LARARE)
    user = f.UserFactory(email="anna@alby.se")
    membership = services.membership_provision(provider=provider, user=user, assertion=_assertion("anna@alby.se"))
    assert membership.level == Level.LARARE


def test_the_client_secret_is_encrypted_at_rest(alby):
    provider = make_oidc_provider(municipality=alby, client_secret="s3cret-värde")
    with connection.cursor() as cursor:
        cursor.execute("select client_secret from sso_identityprovider where id = %s", [provider.pk])
        stored = cursor.fetchone()[0]
    assert "s3cret" not in stored and stored.startswith("gAAAA")  # a Fernet token
    with scopes_disabled():
        assert IdentityProvider.objects.get(pk=provider.pk).client_secret == "s3cret-värde"
        assert "client_secret" not in {f.name for f in IdentityProvider.history.model._meta.fields}


def test_home_realm_discovery_finds_the_provider_by_domain(alby, bstad):
    provider = make_saml_provider(municipality=alby)
    assert selectors.identity_provider_for_email(email="Anna@Skola.Alby.se") == provider
    assert selectors.identity_provider_for_email(email="anna@bstad.se") is None


def test_members_who_have_not_signed_in_for_the_set_days_are_flagged(alby):
    now = timezone.now()
    old = f.UserFactory(email="gammal@alby.se", last_login=now - timedelta(days=120))
    recent = f.UserFactory(email="ny@alby.se", last_login=now - timedelta(days=3))
    f.MembershipFactory(user=old, municipality=alby, level=Level.LARARE)
    f.MembershipFactory(user=recent, municipality=alby, level=Level.LARARE)
    with scopes_disabled():
        flagged = selectors.inactive_members(municipality=alby, days=90)
    assert [row.membership.user for row in flagged] == [old]
