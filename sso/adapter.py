"""allauth's social-account adapter: providers come from our rows, and our rules decide.

- ``list_apps``: one allauth app per active ``IdentityProvider`` (allauth resolves the callback
  URL's provider id or SAML organisation slug through it).
- ``pre_social_login``: the provider's assertion passes ``services.sign_in_check`` or the
  sign-in is refused with a Swedish page; an existing person's membership is provisioned here.
- ``save_user``: a new person's account, then their membership.
- ``on_authentication_error``: the provider refused the person, or the answer did not hold up
  (wrong audience, expired, replayed, unsigned): a Swedish page instead of allauth's.
"""

from __future__ import annotations

import logging

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib import messages
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from access.tenant import SSO_MFA_SESSION_KEY

from . import selectors, services
from .models import MfaRequirement, PendingMember, ProviderKind
from .saml import authn_contexts_of

logger = logging.getLogger(__name__)

SOCIAL_PROVIDERS = {"openid_connect", "saml"}


def _refusal(request, message: str, *, status: int = 403):
    return ImmediateHttpResponse(render(request, "sso/refused.html", {"message": message}, status=status))


def _assertion(request, provider, sociallogin) -> services.Assertion:
    data = sociallogin.account.extra_data or {}
    if provider.kind == ProviderKind.OIDC:
        claims = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
        acr = str((data.get("id_token") or {}).get("acr") or "")
    else:
        # An AuthnStatement may name more than one context; the required one must be among them.
        contexts = authn_contexts_of(request)
        claims = data
        acr = provider.required_acr if provider.required_acr in contexts else (contexts[0] if contexts else "")
    email = sociallogin.user.email or ""
    return services.assertion_from(provider=provider, data=claims, email=email, acr=acr)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = []
        for row in selectors.identity_providers_active():
            app = services.social_app_for(provider=row)
            if provider and provider not in (app.provider, app.provider_id):
                continue
            if client_id and app.client_id != client_id:
                continue
            apps.append(app)
        return apps

    def pre_social_login(self, request, sociallogin) -> None:
        provider = selectors.identity_provider_get_by_slug(slug=sociallogin.account.provider)
        if provider is None:
            raise _refusal(request, _("Inloggningen via din kommun är inte längre påslagen."))
        assertion = _assertion(request, provider, sociallogin)
        try:
            services.sign_in_check(provider=provider, assertion=assertion)
        except services.SignInRefused as refused:
            logger.warning("SSO sign-in refused (%s) by %s for %s", refused.code, provider.slug, assertion.email)
            raise _refusal(request, refused.message) from None
        sociallogin.state["sso_provider"] = provider.pk
        if sociallogin.is_existing:
            self._provision(request, sociallogin, provider, sociallogin.user, assertion)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # Reached only after pre_social_login accepted the address for its municipality.
        return True

    def save_user(self, request, sociallogin, form=None):
        user = sociallogin.user
        provider = selectors.identity_provider_get_by_slug(slug=sociallogin.account.provider)
        assertion = _assertion(request, provider, sociallogin)
        user.full_name = assertion.name or assertion.email.partition("@")[0]
        user = super().save_user(request, sociallogin, form=form)
        self._provision(request, sociallogin, provider, user, assertion)
        return user

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        return user

    def _provision(self, request, sociallogin, provider, user, assertion) -> None:
        result = services.membership_provision(provider=provider, user=user, assertion=assertion)
        if isinstance(result, PendingMember):
            messages.info(
                request,
                _("Du är inloggad. %(municipality)s samordnare behöver ange din nivå innan du ser kommunens sidor.")
                % {"municipality": provider.municipality.name},
            )
        policy = selectors.sign_in_policy_for(municipality=provider.municipality)
        if policy.mfa == MfaRequirement.PRODUCT:
            # The municipality's pages refuse this session until MFA is on (access.tenant); with
            # MFA on, allauth asks for the code after the provider's sign-in.
            required = request.session.get(SSO_MFA_SESSION_KEY) or []
            request.session[SSO_MFA_SESSION_KEY] = sorted({*required, provider.municipality.pk})
        if policy.mfa == MfaRequirement.PRODUCT and not is_mfa_enabled(user):
            messages.warning(
                request,
                _("%(municipality)s kräver tvåstegsverifiering i Skolnätverk. Slå på det nu.")
                % {"municipality": provider.municipality.name},
            )
            sociallogin.state["next"] = reverse("mfa_activate_totp")

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        logger.warning("SSO authentication error from %s: %s %r %r", getattr(provider, "sub_id", provider), error,
                       exception, extra_context)
        raise _refusal(request, authentication_error_message(error=error, exception=exception,
                                                              extra_context=extra_context or {}))


def authentication_error_message(*, error, exception, extra_context: dict) -> str:
    """A Swedish sentence for what went wrong between the provider and us."""
    reason = str(extra_context.get("saml_last_error_reason") or "")
    cause = f"{exception!r} {exception.__cause__!r}" if exception is not None else ""
    text = f"{reason} {cause}".lower()
    # OIDC's error=access_denied; a SAML Response whose status is not Success (RequestDenied,
    # AuthnFailed, …: python3-saml says "The status code of the Response was not Success").
    if error == "cancelled" or "access_denied" in text or "was not success" in text:
        return _("Din identitetsleverantör nekade inloggningen. Kontakta din kommuns IT-support om du ska ha tillgång.")
    if "audience" in text:
        return _("Inloggningen godtogs inte: svaret från identitetsleverantören var avsett för en annan tjänst.")
    if "expired" in text or "notonorafter" in text or "no longer valid" in text:
        return _("Inloggningen godtogs inte: svaret från identitetsleverantören har gått ut. Försök igen.")
    if "not signed" in text or "no signature" in text:
        return _("Inloggningen godtogs inte: svaret från identitetsleverantören var inte signerat.")
    if "signature" in text:
        return _(
            "Inloggningen godtogs inte: svarets signatur stämmer inte med identitetsleverantörens certifikat."
        )
    # A used-up or foreign request (allauth's state), or an assertion whose SubjectConfirmation
    # names another request or address than this answer (an assertion lifted into a new answer).
    if "state" in text or "inresponseto" in text or "replay" in text or "subjectconfirmation" in text:
        return replay_message()
    return _("Inloggningen via din kommun misslyckades. Försök igen, eller kontakta din kommuns IT-support.")


def replay_message() -> str:
    return _("Inloggningen godtogs inte: svaret har redan använts eller hör inte till en inloggning härifrån.")
