from __future__ import annotations

from django_scopes import scopes_disabled

from sso.models import IdentityProvider, ProviderKind, SignInPolicy

from .keys import cert_body, key_and_cert


def make_oidc_provider(*, municipality, issuer="http://127.0.0.1:9/", client_id="skolnatverk",
                       client_secret="hemlig-klient", **fields) -> IdentityProvider:
    with scopes_disabled():
        return IdentityProvider.objects.create(
            municipality=municipality, kind=ProviderKind.OIDC, name=f"{municipality.name}s konto",
            issuer=issuer, client_id=client_id, client_secret=client_secret, **fields,
        )


def make_saml_provider(*, municipality, sso_url="http://127.0.0.1:9/sso", entity_id="http://127.0.0.1:9/idp",
                       **fields) -> IdentityProvider:
    _key, cert = key_and_cert()
    with scopes_disabled():
        return IdentityProvider.objects.create(
            municipality=municipality, kind=ProviderKind.SAML, name=f"{municipality.name}s konto (SAML)",
            idp_entity_id=entity_id, idp_sso_url=sso_url, idp_x509cert=cert_body(cert), **fields,
        )


def set_policy(*, municipality, **fields) -> SignInPolicy:
    with scopes_disabled():
        policy, _ = SignInPolicy.objects.update_or_create(municipality=municipality, defaults=fields)
    return policy
