"""The pages where a coordinator (or a project leader) makes, lists and revokes read-API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from access.context import MunicipalityContext, NetworkContext
from access.rights import can_manage_api_tokens, can_manage_network_api_tokens, require
from access.tenant import municipality_view, network_view

from . import selectors, services
from .forms import ApiTokenForm

RESOURCES = {
    "k": [
        ("goals", gettext_lazy("Mål med status och mått")), ("measurements", gettext_lazy("Utfall")),
        ("mapping-results", gettext_lazy("Kartläggningsresultat")), ("commitments", gettext_lazy("Åtaganden med uppföljningar")),
        ("meetings", gettext_lazy("Träffar och deltagande")), ("success-factors", gettext_lazy("Framgångsfaktorer")),
    ],
    "n": [
        ("goals", gettext_lazy("Delade mål med status och mått")), ("mapping-results", gettext_lazy("Publicerade kartläggningsresultat")),
        ("commitments", gettext_lazy("Åtaganden som nätverket ser")), ("meetings", gettext_lazy("Träffar och deltagande")),
        ("success-factors", gettext_lazy("Framgångsfaktorer")),
    ],
}


def _page(request, ctx, *, template: str, tenant: dict, form, new=None) -> HttpResponse:
    kind, owner = ("k", tenant["municipality"]) if "municipality" in tenant else ("n", tenant["network"])
    openapi_url = request.build_absolute_uri(reverse("api:openapi-json"))
    tokens = selectors.api_tokens(**tenant)
    revoke = "api_tokens:municipality_revoke" if kind == "k" else "api_tokens:network_revoke"
    for token in tokens:
        token.revoke_url = reverse(revoke, kwargs={"municipality" if kind == "k" else "network": owner.slug, "pk": token.pk})
    context = {
        "ctx": ctx, **tenant, "form": form, "new": new, "tokens": tokens, "today": timezone.localdate(),
        "tenant_name": owner.name, "role": _("kommunsamordnare") if kind == "k" else _("processledare"),
        "resources": RESOURCES[kind], "api_base": f"{openapi_url.removesuffix('openapi.json')}{kind}/{owner.slug}/",
        "openapi_url": openapi_url,
    }
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"  # the page may hold a new secret
    return response


def _create(request, ctx, *, template: str, tenant: dict) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new = None
    if request.method == "POST" and form.is_valid():
        new = services.api_token_create(created_by=request.user, **tenant, **form.cleaned_data)
        form = ApiTokenForm()
    return _page(request, ctx, template=template, tenant=tenant, form=form, new=new)


@municipality_view
@require_http_methods(["GET", "POST"])
def municipality_tokens(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_manage_api_tokens(ctx))
    return _create(request, ctx, template="api/municipality_tokens.html", tenant={"municipality": ctx.municipality})


@municipality_view
@require_POST
def municipality_token_revoke(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_manage_api_tokens(ctx))
    token = selectors.api_token_get(municipality=ctx.municipality, pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("API-nyckeln ”%(name)s” är återkallad och fungerar inte längre.") % {"name": token.name})
    return redirect("api_tokens:municipality", municipality=ctx.municipality.slug)


@network_view
@require_http_methods(["GET", "POST"])
def network_tokens(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_manage_network_api_tokens(ctx))
    return _create(request, ctx, template="api/network_tokens.html", tenant={"network": ctx.network})


@network_view
@require_POST
def network_token_revoke(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_manage_network_api_tokens(ctx))
    token = selectors.api_token_get(network=ctx.network, pk=pk)
    services.api_token_revoke(token=token, by=request.user)
    messages.success(request, _("API-nyckeln ”%(name)s” är återkallad och fungerar inte längre.") % {"name": token.name})
    return redirect("api_tokens:network", network=ctx.network.slug)
