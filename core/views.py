import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_export_municipality_data,
    can_view_municipality_history,
    can_view_network_history,
    require,
)
from access.tenant import municipality_view, network_view, user_view
from commitments.selectors import commitments_open_for_user
from networks.selectors import networks_for_user

from . import export, history
from .start import start_roles, start_tasks


@user_view
def start(request: HttpRequest) -> HttpResponse:
    """After login: the user's municipalities and networks, each with the user's role there."""
    # The user's memberships and project-leader roles, read once when the first panel needs them.
    roles = functools.cache(lambda: start_roles(user=request.user))

    def networks() -> list[dict]:
        leader_ids = {pl.network_id for pl in roles().leaderships}
        return [{"network": n, "is_leader": n.pk in leader_ids} for n in networks_for_user(user=request.user)]

    # Lazy: read only when the user's tenant-cached start page has to be rendered.
    return render(
        request,
        "core/start.html",
        {
            "memberships": SimpleLazyObject(lambda: roles().memberships),
            "networks": SimpleLazyObject(networks),
            "tasks": SimpleLazyObject(lambda: start_tasks(roles=roles())),
            "my_commitments": SimpleLazyObject(lambda: commitments_open_for_user(user=request.user)),
            "leads_a_network": SimpleLazyObject(lambda: bool(roles().leaderships)),
        },
    )


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


@municipality_view
def municipality_history(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_view_municipality_history(ctx))
    return render(
        request,
        "core/history.html",
        {"ctx": ctx, "municipality": ctx.municipality, "entries": history.municipality_history(municipality=ctx.municipality)},
    )


@network_view
def network_history(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_view_network_history(ctx))
    return render(
        request,
        "core/network_history.html",
        {"ctx": ctx, "network": ctx.network, "entries": history.network_history(network=ctx.network)},
    )


@municipality_view
def municipality_export(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """All of the municipality's data in one zip (issue 7: personal data / portability)."""
    require(can_export_municipality_data(ctx))
    payload = export.municipality_export_zip(municipality=ctx.municipality)
    response = HttpResponse(payload, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="skolnatverk-{slugify(ctx.municipality.name)}.zip"'
    return response
