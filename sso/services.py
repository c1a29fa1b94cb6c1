"""Writes for single sign-on: providers and policy (the coordinator), and what a sign-in does.

The sign-in rules, in one place (``sign_in_check`` and ``membership_provision``):
- a provider vouches only for its own municipality's domains: an address outside them is
  refused, whatever else the assertion says;
- a person becomes a member of that municipality only, at the level a mapped group gives (or
  the provider's default level, or one a coordinator sets later), and never a coordinator;
- an existing member's level follows the mapped group at every sign-in; the coordinator role is
  left as it is (it is given and ended in the product, not by the directory).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from allauth.socialaccount.models import SocialApp
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from municipalities.models import Level, Membership, Municipality

from .models import IdentityProvider, MfaRequirement, PendingMember, ProviderKind, SignInPolicy
from .selectors import domain_is_held, sign_in_policy_for

# The claims a Microsoft Entra ID or a Skolfederation IdP sends when nothing else is configured.
DEFAULT_OIDC_CLAIMS = {"email": "email", "name": "name", "groups": "groups"}
DEFAULT_SAML_ATTRIBUTES = {
    "email": "urn:oid:0.9.2342.19200300.100.1.3",  # mail
    "name": "urn:oid:2.16.840.1.113730.3.1.241",  # displayName
    "groups": "urn:oid:1.3.6.1.4.1.5923.1.1.1.7",  # eduPersonEntitlement
}


class SignInRefused(Exception):
    """A sign-in through a provider that the product refuses; ``message`` is for the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Assertion:
    """What a provider said about the person, in protocol-neutral form."""

    email: str
    name: str
    groups: tuple[str, ...]
    acr: str


# --- allauth apps built from the rows ----------------------------------------------------------

def social_app_for(*, provider: IdentityProvider) -> SocialApp:
    """The (unsaved) allauth app for a provider row. Built per request; the secret stays encrypted
    in the database and is decrypted only here, when allauth needs it for the token request."""
    municipality = provider.municipality
    common = {
        # Only the municipality's own domains count as verified addresses (and sign_in_check
        # refuses every other one before allauth logs anybody in).
        "verified_email": municipality.domain_list,
        "email_authentication": True,
    }
    if provider.kind == ProviderKind.OIDC:
        settings = {**common, "server_url": provider.issuer, "oauth_pkce_enabled": True}
        if provider.required_acr:
            # Ask for the context, and for a new sign-in at the provider: a session there that was
            # opened without the second factor would otherwise answer at once, with the old acr.
            settings["auth_params"] = {"acr_values": provider.required_acr, "prompt": "login"}
        return SocialApp(
            provider="openid_connect", provider_id=provider.slug, name=provider.name,
            client_id=provider.client_id, secret=provider.client_secret, settings=settings,
        )
    names = _saml_attributes(provider)
    idp = (
        {"entity_id": provider.idp_entity_id or None, "metadata_url": provider.metadata_url}
        if provider.metadata_url
        else {"entity_id": provider.idp_entity_id, "sso_url": provider.idp_sso_url, "x509cert": provider.idp_x509cert}
    )
    settings = {
        **common,
        "idp": idp,
        "attribute_mapping": {"uid": names["email"], "email": names["email"], "name": names["name"]},
        "use_nameid_for_email": False,
        "advanced": {
            # Only signed assertions, only in answer to a request of ours (no IdP-initiated logins,
            # which is also what makes a replayed response fail: its request was used up).
            "want_assertion_signed": True,
            "reject_idp_initiated_sso": True,
            "strict": True,
            # python3-saml refuses a host without a dot by default; the operator chooses the host.
            "allow_single_label_domains": True,
            # Our metadata's validUntil: a whole day (python3-saml's default is two days from the
            # request's second, so two fetches a second apart differed).
            "metadata_valid_until": _metadata_valid_until(),
        },
    }
    return SocialApp(
        provider="saml", provider_id=provider.slug, name=provider.name,
        client_id=provider.slug, settings=settings,
    )


def _metadata_valid_until() -> datetime:
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=3)


def _saml_attributes(provider: IdentityProvider) -> dict[str, str]:
    defaults = DEFAULT_SAML_ATTRIBUTES if provider.kind == ProviderKind.SAML else DEFAULT_OIDC_CLAIMS
    return {
        "email": provider.email_attribute or defaults["email"],
        "name": provider.name_attribute or defaults["name"],
        "groups": provider.groups_attribute or defaults["groups"],
    }


def assertion_from(*, provider: IdentityProvider, data: dict, email: str, acr: str) -> Assertion:
    """The neutral assertion from an OIDC claims dict or SAML attributes (lists of values)."""
    names = _saml_attributes(provider)

    def values(key: str) -> list[str]:
        raw = data.get(names[key])
        if raw is None:
            return []
        return [str(v) for v in raw] if isinstance(raw, list | tuple) else [str(raw)]

    name = (values("name") or [""])[0]
    return Assertion(email=email.strip().lower(), name=name.strip(), groups=tuple(values("groups")), acr=acr)


# --- Sign-in -----------------------------------------------------------------------------------

def sign_in_check(*, provider: IdentityProvider, assertion: Assertion) -> None:
    """Refuse what a provider may not vouch for. Raises SignInRefused with a Swedish message."""
    municipality = provider.municipality
    if not assertion.email:
        raise SignInRefused(
            "no_email", _("%(provider)s skickade ingen e-postadress, så vi vet inte vem du är.")
            % {"provider": provider.name},
        )
    if not domain_is_held(municipality=municipality, email=assertion.email):
        raise SignInRefused(
            "foreign_domain",
            _(
                "%(provider)s får bara logga in adresser i %(municipality)s egna domäner, och "
                "%(email)s hör inte dit. Logga in via din egen kommun eller organisation."
            )
            % {"provider": provider.name, "municipality": municipality.name, "email": assertion.email},
        )
    policy = sign_in_policy_for(municipality=municipality)
    if policy.mfa == MfaRequirement.PROVIDER and provider.required_acr and assertion.acr != provider.required_acr:
        raise SignInRefused(
            "mfa_missing",
            _(
                "%(municipality)s kräver tvåstegsverifiering hos %(provider)s, men inloggningen "
                "gjordes utan den. Logga in igen och bekräfta med din andra faktor."
            )
            % {"municipality": municipality.name, "provider": provider.name},
        )


@transaction.atomic
def membership_provision(*, provider: IdentityProvider, user, assertion: Assertion) -> Membership | PendingMember:
    """Just-in-time membership in the provider's municipality (sign_in_check has passed).

    The level comes from the first mapped group the person holds, else from the provider's
    default level; with neither, the person waits for a coordinator (a PendingMember row).
    Nobody becomes a coordinator here, and no other municipality is touched.
    """
    municipality = provider.municipality
    mapped = [provider.level_map[g] for g in assertion.groups if g in provider.level_map]
    level = mapped[0] if mapped else provider.default_level
    # The person signs in to the provider's municipality: the work is inside its scope.
    with scope(municipality=municipality.pk):
        membership = Membership.objects.filter(user=user, municipality=municipality).first()
        if membership is not None:
            if mapped and membership.level != level:
                membership.level = level
                membership.save(update_fields=["level"])
            PendingMember.objects.filter(municipality=municipality, user=user).delete()
            return membership
        if not level:
            pending, _created = PendingMember.objects.get_or_create(
                municipality=municipality, user=user, defaults={"provider": provider}
            )
            return pending
        PendingMember.objects.filter(municipality=municipality, user=user).delete()
        return Membership.objects.create(user=user, municipality=municipality, level=level, is_coordinator=False)


# --- The coordinator's configuration -----------------------------------------------------------

def identity_provider_save(*, provider: IdentityProvider, client_secret: str | None = None) -> IdentityProvider:
    """Save a provider row from the coordinator's form. A blank secret keeps the stored one."""
    if client_secret:
        provider.client_secret = client_secret
    provider.save()
    return provider


def identity_provider_delete(*, provider: IdentityProvider) -> None:
    provider.delete()


def sign_in_policy_update(
    *, municipality: Municipality, require_sso: bool, mfa: str, inactive_days: int
) -> SignInPolicy:
    policy = sign_in_policy_for(municipality=municipality)
    policy.require_sso, policy.mfa, policy.inactive_days = require_sso, mfa, inactive_days
    policy.save()
    return policy


@transaction.atomic
def pending_member_accept(*, pending: PendingMember, level: str) -> Membership:
    if level not in Level.values:
        raise ValueError(level)
    membership, _created = Membership.objects.get_or_create(
        user=pending.user, municipality=pending.municipality, defaults={"level": level}
    )
    pending.delete()
    return membership


def pending_member_reject(*, pending: PendingMember) -> None:
    pending.delete()


def saml_metadata_read(*, xml: str) -> dict[str, str]:
    """entity id, sign-in address and certificate from an IdP's metadata file (python3-saml's parser).

    Raises ValueError with a Swedish message for a file that is no IdP metadata.
    """
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml).get("idp", {})
    except Exception as exc:  # the parser raises lxml's and its own errors alike
        raise ValueError(_("Filen är inte SAML-metadata för en identitetsleverantör.")) from exc
    entity_id = parsed.get("entityId")
    sso_url = (parsed.get("singleSignOnService") or {}).get("url")
    cert = parsed.get("x509cert") or ((parsed.get("x509certMulti") or {}).get("signing") or [None])[0]
    if not (entity_id and sso_url and cert):
        raise ValueError(_("Metadatafilen saknar entity-id, inloggningsadress eller signeringscertifikat."))
    return {"idp_entity_id": entity_id, "idp_sso_url": sso_url, "idp_x509cert": cert}
