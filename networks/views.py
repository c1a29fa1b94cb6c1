from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from access.context import NetworkContext
from access.rights import can_invite_coordinators, can_manage_network_settings, require
from access.tenant import network_view

from . import selectors, services
from .forms import CoordinatorInvitationForm, NetworkSettingsForm


@network_view
def home(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    return render(
        request,
        "networks/home.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "members": selectors.network_members(network=ctx.network),
            "leaders": selectors.project_leaders(network=ctx.network),
        },
    )


@network_view
def members(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    return render(
        request,
        "networks/members.html",
        {
            "ctx": ctx,
            "network": ctx.network,
            "members": selectors.network_members(network=ctx.network),
            "leaders": selectors.project_leaders(network=ctx.network),
            "can_invite": can_invite_coordinators(ctx),
        },
    )


@network_view
@require_http_methods(["GET", "POST"])
def invite_coordinator(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_invite_coordinators(ctx))
    form = CoordinatorInvitationForm(request.POST or None, network=ctx.network)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, created = services.coordinator_invite(
                network=ctx.network, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(request, _("En inbjudan har skickats till %(email)s.") % {"email": invitation.email})
            else:
                messages.info(request, _("%(email)s hade redan en inbjudan. Den har förnyats och skickats igen.") % {"email": invitation.email})
            return redirect("networks:members", network=ctx.network.slug)
    return render(request, "networks/invite.html", {"ctx": ctx, "network": ctx.network, "form": form})


@network_view
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_manage_network_settings(ctx))
    form = NetworkSettingsForm(
        request.POST or None,
        initial={
            "require_mfa_for_leaders": ctx.network.require_mfa_for_leaders,
            "anonymity_threshold": ctx.network.anonymity_threshold,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.network_settings_update(network=ctx.network, **form.cleaned_data)
        messages.success(request, _("Inställningarna är sparade."))
        return redirect("networks:settings", network=ctx.network.slug)
    return render(request, "networks/settings.html", {"ctx": ctx, "network": ctx.network, "form": form})
