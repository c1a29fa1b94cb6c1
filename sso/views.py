from __future__ import annotations

import logging

import requests
from allauth.account.utils import get_next_redirect_url
from allauth.account.views import login as allauth_login
from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from access.context import MunicipalityContext
from access.rights import can_manage_sign_in, require
from access.tenant import municipality_view

from . import selectors, services
from .adapter import replay_message
from .forms import IdentityProviderForm, PendingMemberForm, SignInPolicyForm
from .models import IdentityProvider, ProviderKind

logger = logging.getLogger(__name__)


# --- Sign-in -----------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """allauth's login page with home-realm discovery in front of it.

    The e-mail address comes first: an address in the domains of a municipality with its own
    provider goes to that provider (when the password is left empty, and always when the
    municipality requires it); every other address signs in with its password as before.
    """
    if request.method == "POST" and not request.user.is_authenticated:
        email = request.POST.get("login", "").strip()
        provider = selectors.identity_provider_for_email(email=email) if "@" in email else None
        if provider is not None:
            required = selectors.sign_in_policy_for(municipality=provider.municipality).require_sso
            if required or not request.POST.get("password"):
                if required and request.POST.get("password"):
                    messages.info(
                        request,
                        _("%(municipality)s loggar in sina medlemmar via %(provider)s, inte med lösenord.")
                        % {"municipality": provider.municipality.name, "provider": provider.name},
                    )
                return _redirect_to_provider(request, provider, email)
    return allauth_login(request)


def _redirect_to_provider(request: HttpRequest, provider: IdentityProvider, email: str) -> HttpResponse:
    app = services.social_app_for(provider=provider)
    social_provider = app.get_provider(request)
    kwargs = {}
    if provider.kind == ProviderKind.OIDC:
        # Given auth_params replace the app's (acr_values): add the hint to them.
        kwargs["auth_params"] = {**social_provider.get_auth_params(), "login_hint": email}
    try:
        response = social_provider.redirect(
            request, process="login", next_url=get_next_redirect_url(request), **kwargs
        )
    except requests.RequestException as exc:
        logger.warning("SSO provider %s unreachable: %r", provider.slug, exc)
        return render(
            request, "sso/refused.html",
            {"message": _("%(provider)s svarar inte just nu. Försök igen om en stund.") % {"provider": provider.name}},
            status=502,
        )
    if response.status_code not in (301, 302, 303):
        return response
    # Not a redirect: the login form was posted, and a browser holds the redirect of a form
    # submission to the page's CSP form-action ('self'), which the provider's address is not.
    # A page that goes on by itself (meta refresh, no script) is a new navigation instead.
    return render(request, "sso/redirect.html", {"provider": provider, "url": response["Location"]})


# --- The coordinator's page --------------------------------------------------------------------

def _provider_urls(request: HttpRequest, provider: IdentityProvider) -> dict[str, str]:
    """What the municipality's IT department enters at their provider."""
    if provider.kind == ProviderKind.OIDC:
        path = reverse("openid_connect_callback", kwargs={"provider_id": provider.slug})
        return {_("Omdirigerings-URI"): request.build_absolute_uri(path)}
    return {
        _("Entity-id och metadata"): request.build_absolute_uri(reverse("saml_metadata", args=[provider.slug])),
        _("Assertion Consumer Service"): request.build_absolute_uri(reverse("saml_acs", args=[provider.slug])),
    }


@municipality_view
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_manage_sign_in(ctx))
    municipality = ctx.municipality
    policy = selectors.sign_in_policy_for(municipality=municipality)
    form = SignInPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        services.sign_in_policy_update(municipality=municipality, **form.cleaned_data)
        messages.success(request, _("Inloggningsreglerna är sparade."))
        return redirect("sso:settings", municipality=municipality.slug)
    providers = selectors.identity_providers_of(municipality=municipality)
    return render(request, "sso/settings.html", {
        "ctx": ctx,
        "municipality": municipality,
        "form": form,
        "providers": [(p, _provider_urls(request, p)) for p in providers],
        "pending": selectors.pending_members_of(municipality=municipality),
        "level_form": PendingMemberForm(),
        "inactive": selectors.inactive_members(municipality=municipality, days=policy.inactive_days),
        "inactive_days": policy.inactive_days,
        "domains": municipality.domain_list,
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest, ctx: MunicipalityContext, kind: str) -> HttpResponse:
    require(can_manage_sign_in(ctx))
    if kind not in ProviderKind.values:
        raise Http404
    return _provider_form(request, ctx, IdentityProvider(municipality=ctx.municipality, kind=kind))


@municipality_view
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, ctx: MunicipalityContext, provider_id: int) -> HttpResponse:
    require(can_manage_sign_in(ctx))
    provider = selectors.identity_provider_get(municipality=ctx.municipality, pk=provider_id)
    if provider is None:
        raise Http404
    return _provider_form(request, ctx, provider)


def _provider_form(request: HttpRequest, ctx: MunicipalityContext, provider: IdentityProvider) -> HttpResponse:
    form = IdentityProviderForm(request.POST or None, request.FILES or None, instance=provider, kind=provider.kind)
    if request.method == "POST" and form.is_valid():
        services.identity_provider_save(
            provider=form.apply(form.instance), client_secret=form.cleaned_data.get("client_secret") or None
        )
        messages.success(request, _("Identitetsleverantören är sparad."))
        return redirect("sso:settings", municipality=ctx.municipality.slug)
    return render(request, "sso/provider_form.html", {
        "ctx": ctx, "municipality": ctx.municipality, "form": form, "provider": provider,
        "urls": _provider_urls(request, provider) if provider.pk else {},
    })


@municipality_view
@require_POST
def provider_delete(request: HttpRequest, ctx: MunicipalityContext, provider_id: int) -> HttpResponse:
    require(can_manage_sign_in(ctx))
    provider = selectors.identity_provider_get(municipality=ctx.municipality, pk=provider_id)
    if provider is None:
        raise Http404
    services.identity_provider_delete(provider=provider)
    messages.success(request, _("Identitetsleverantören är borttagen."))
    return redirect("sso:settings", municipality=ctx.municipality.slug)


@municipality_view
@require_POST
def pending_member_decide(request: HttpRequest, ctx: MunicipalityContext, pending_id: int) -> HttpResponse:
    require(can_manage_sign_in(ctx))
    pending = next((p for p in selectors.pending_members_of(municipality=ctx.municipality) if p.pk == pending_id), None)
    if pending is None:
        raise Http404
    if "reject" in request.POST:
        services.pending_member_reject(pending=pending)
        messages.success(request, _("%(name)s fick inte tillgång.") % {"name": pending.user.full_name})
    else:
        form = PendingMemberForm(request.POST)
        if form.is_valid():
            services.pending_member_accept(pending=pending, level=form.cleaned_data["level"])
            messages.success(request, _("%(name)s är nu medlem.") % {"name": pending.user.full_name})
        else:
            messages.error(request, _("Välj en nivå."))
    return redirect("sso:settings", municipality=ctx.municipality.slug)


# --- SAML: the finishing step of allauth's ACS, with our page for a used-up answer --------------

@login_not_required
def saml_finish_acs(request: HttpRequest, organization_slug: str) -> HttpResponse:
    """allauth's finish_acs. An answer to no request of ours in this session (it was replayed, or
    its request was used up or never made here) makes allauth raise PermissionDenied: a Swedish
    page instead of the bare 403."""
    try:
        return saml_views.finish_acs(request, organization_slug=organization_slug)
    except PermissionDenied:
        logger.warning("SSO SAML answer without a matching request at %s", organization_slug)
        return render(request, "sso/refused.html", {"message": replay_message()}, status=403)
