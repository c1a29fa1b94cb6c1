from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from access.tenant import user_view
from municipalities.selectors import user_memberships
from networks.selectors import networks_for_user, user_project_leaderships

from .start import start_tasks


@user_view
def start(request: HttpRequest) -> HttpResponse:
    """After login: the user's municipalities and networks, each with the user's role there."""
    leaderships = user_project_leaderships(user=request.user)
    leader_ids = {pl.network_id for pl in leaderships}
    networks = [
        {"network": n, "is_leader": n.pk in leader_ids} for n in networks_for_user(user=request.user)
    ]
    return render(
        request,
        "core/start.html",
        {
            "memberships": user_memberships(user=request.user),
            "networks": networks,
            "tasks": start_tasks(user=request.user),
        },
    )


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
