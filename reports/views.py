from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_request_municipality_report,
    can_request_network_report,
    can_see_municipality_reports,
    require,
)
from access.tenant import municipality_view, network_view

from . import selectors, services
from .forms import NetworkReportForm, ReportPeriodForm
from .models import Report, ReportKind, ReportStatus


def _requested_message(request: HttpRequest, report: Report, created: bool) -> None:
    if created:
        messages.success(request, _("Rapporten är beställd. Den skapas nu och syns i listan när den är klar."))
    else:
        messages.info(request, _("Samma rapport skapas redan. Vi använder den i stället för att börja om."))


def _render_list(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    reports = context["reports"]
    context["any_active"] = any(r.is_active for r in reports)
    if request.htmx:
        # The polling partial only; polling stops once nothing is queued or running.
        return render(request, f"{template}#report-status", {**context, "announce": True})
    return render(request, template, context)


@municipality_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def municipality_reports(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_see_municipality_reports(ctx))
    can_request = can_request_municipality_report(ctx)
    form = None
    if can_request:
        start, end = selectors.default_period(today=timezone.localdate())
        form = ReportPeriodForm(request.POST or None, initial={"period_start": start, "period_end": end})
    if request.method == "POST":
        require(can_request)
        if form.is_valid():
            try:
                report, created = services.report_request(
                    kind=ReportKind.MUNICIPALITY, municipality=ctx.municipality, requested_by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                _requested_message(request, report, created)
                return redirect("reports:municipality_list", municipality=ctx.municipality.slug)
    return _render_list(request, "reports/municipality_list.html", {
        "ctx": ctx,
        "municipality": ctx.municipality,
        "form": form,
        "reports": selectors.report_list(municipality=ctx.municipality),
    })


@network_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def network_reports(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_request_network_report(ctx))
    start, end = selectors.default_period(today=timezone.localdate())
    form = NetworkReportForm(
        request.POST or None, network=ctx.network,
        initial={"kind": ReportKind.NETWORK, "period_start": start, "period_end": end},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data["kind"] != ReportKind.MEETING:
            data["round"] = None
        try:
            report, created = services.report_request(network=ctx.network, requested_by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _requested_message(request, report, created)
            return redirect("reports:network_list", network=ctx.network.slug)
    return _render_list(request, "reports/network_list.html", {
        "ctx": ctx,
        "network": ctx.network,
        "form": form,
        "reports": selectors.report_list(network=ctx.network),
    })


def _download(report: Report) -> FileResponse:
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404(_("Rapporten är inte klar."))
    response = FileResponse(report.file.open("rb"), as_attachment=True, filename=report.download_name,
                            content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@municipality_view
@require_GET
def municipality_download(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_see_municipality_reports(ctx))
    return _download(selectors.report_get(pk=pk, municipality=ctx.municipality))


@network_view
@require_GET
def network_download(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_request_network_report(ctx))
    return _download(selectors.report_get(pk=pk, network=ctx.network))
