"""Single sign-on per municipality: its identity providers and its sign-in policy.

A provider is one allauth app (``openid_connect`` or ``saml``), built from a row here by
``sso.adapter.SocialAccountAdapter.list_apps`` rather than kept in allauth's own SocialApp table,
so that the secret is encrypted at rest and the tenant owns the row.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scoping import TenantScopedManager
from municipalities.models import Level, Municipality

from .crypto import EncryptedTextField


class ProviderKind(models.TextChoices):
    OIDC = "oidc", _("OpenID Connect")
    SAML = "saml", _("SAML 2.0")


class MfaRequirement(models.TextChoices):
    NONE = "none", _("Ingen utöver kommunens vanliga inloggning")
    PROVIDER = "provider", _("Hos identitetsleverantören (autentiseringskontext)")
    PRODUCT = "product", _("I Skolnätverk (tvåstegsverifiering med app)")


def _new_slug() -> str:
    return secrets.token_hex(6)


class IdentityProvider(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="identity_providers")
    kind = models.CharField(_("protokoll"), max_length=4, choices=ProviderKind.choices)
    name = models.CharField(
        _("namn"), max_length=120, help_text=_("Visas för användaren, t.ex. ”Alby kommuns konto”.")
    )
    # allauth's provider id (OIDC) and organisation slug (SAML): in the callback URLs.
    slug = models.SlugField(_("id i adresserna"), max_length=40, unique=True, default=_new_slug, editable=False)
    is_active = models.BooleanField(_("aktiv"), default=True)

    # OpenID Connect
    issuer = models.URLField(_("utfärdare (issuer)"), blank=True)
    client_id = models.CharField(_("klient-id"), max_length=255, blank=True)
    client_secret = EncryptedTextField(_("klienthemlighet"), blank=True)

    # SAML 2.0: metadata by URL, or the entity, certificate and address read from an uploaded file.
    metadata_url = models.URLField(_("metadata-adress"), blank=True)
    idp_entity_id = models.CharField(_("IdP:ns entity-id"), max_length=500, blank=True)
    idp_sso_url = models.URLField(_("IdP:ns inloggningsadress"), blank=True)
    idp_x509cert = models.TextField(_("IdP:ns certifikat"), blank=True)

    # Attribute (SAML) or claim (OIDC) names.
    email_attribute = models.CharField(_("attribut för e-postadress"), max_length=255, blank=True)
    name_attribute = models.CharField(_("attribut för namn"), max_length=255, blank=True)
    groups_attribute = models.CharField(_("attribut för grupper"), max_length=255, blank=True)
    group_levels = models.TextField(
        _("grupper som ger nivå"), blank=True,
        help_text=_("En rad per grupp: grupp = nivå (namnd, forvaltning, rektor eller larare)."),
    )
    default_level = models.CharField(
        _("nivå när ingen grupp passar"), max_length=12, choices=Level.choices, blank=True,
        help_text=_("Tomt: samordnaren anger nivån när personen har loggat in första gången."),
    )
    required_acr = models.CharField(
        _("krävd autentiseringskontext"), max_length=255, blank=True,
        help_text=_("acr (OIDC) eller AuthnContextClassRef (SAML) som identitetsleverantören måste intyga."),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")
    # The secret never goes into the history; that it changed is visible from the other fields' row.
    history = HistoricalRecords(excluded_fields=["client_secret"])

    class Meta:
        verbose_name = _("identitetsleverantör")
        verbose_name_plural = _("identitetsleverantörer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def level_map(self) -> dict[str, str]:
        """``group_levels`` parsed: group -> level. Lines that name no level are ignored."""
        result = {}
        for line in self.group_levels.splitlines():
            group, sep, level = line.rpartition("=")
            if sep and group.strip() and level.strip() in Level.values:
                result[group.strip()] = level.strip()
        return result


class SignInPolicy(models.Model):
    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="sign_in_policy")
    require_sso = models.BooleanField(
        _("kräv inloggning via kommunens konto"), default=False,
        help_text=_("Medlemmar med en adress i kommunens domäner kan inte logga in med lösenord."),
    )
    mfa = models.CharField(
        _("tvåstegsverifiering"), max_length=8, choices=MfaRequirement.choices, default=MfaRequirement.NONE
    )
    inactive_days = models.PositiveSmallIntegerField(
        _("flagga medlemmar som inte loggat in på (dagar)"), default=90,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )

    objects = TenantScopedManager(municipality="municipality")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inloggningsregel")
        verbose_name_plural = _("inloggningsregler")

    def __str__(self) -> str:
        return str(self.municipality)


class PendingMember(models.Model):
    """Someone who signed in through the municipality's provider and waits for a level."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="pending_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(IdentityProvider, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = TenantScopedManager(municipality="municipality")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "user"], name="sso_pending_member_unique")]
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality}"
