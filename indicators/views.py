from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_edit_measurements,
    can_import_network_statistics,
    can_import_statistics,
    can_manage_kolada,
    can_view_statistics,
    require,
)
from access.tenant import municipality_view, network_view

from . import selectors, services
from .export import export_csv, export_xlsx
from .forms import (
    ConfirmForm,
    CorrectionForm,
    KoladaSelectionForm,
    MeasurementForm,
    StatisticsFilterForm,
    UploadForm,
)
from .models import ImportStatus, OrganiserType, StatisticsImport


@municipality_view
@require_GET
def statistics(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_view_statistics(ctx))
    schools = selectors.schools_with_values(municipality=ctx.municipality)
    school = next((s for s in schools if str(s.pk) == request.GET.get("skola", "")), None)
    # The organiser types of what is shown: a school has its own (Kommunal or Enskild), never
    # "Samtliga"; a choice the school has no values for falls back to one it has.
    organiser_types = selectors.organiser_types(municipality=ctx.municipality, school=school)
    default = OrganiserType.ALL.value if OrganiserType.ALL.value in organiser_types else (organiser_types or [""])[0]
    chosen = request.GET.get("organiser_type", default)
    if chosen not in organiser_types:
        chosen = default
    form = StatisticsFilterForm(
        {"skola": str(school.pk) if school else "", "organiser_type": chosen},
        organiser_types=organiser_types, schools=schools,
    )
    groups = selectors.latest_by_table(municipality=ctx.municipality, organiser_type=chosen, school=school)
    return render(request, "indicators/statistics.html", {
        "ctx": ctx, "municipality": ctx.municipality, "form": form, "groups": groups, "chosen": chosen,
        "chosen_label": dict(OrganiserType.choices).get(chosen, chosen), "school": school,
        "show_filter": bool(schools) or len(organiser_types) > 1,
        "can_edit": can_edit_measurements(ctx), "can_import": can_import_statistics(ctx),
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def measurement_new(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_edit_measurements(ctx))
    form = MeasurementForm(request.POST or None, municipality=ctx.municipality, network_ids=ctx.network_ids)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measurement = services.measurement_create(
                municipality=ctx.municipality, indicator=data["indicator"], school=data["school"],
                school_year=data["school_year"], grade=data["grade"], value=data["value"], marker=data["marker"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Värdet är sparat."))
            return redirect("indicators:measurement", municipality=ctx.municipality.slug, pk=measurement.pk)
    return render(request, "indicators/measurement_form.html", {
        "ctx": ctx, "municipality": ctx.municipality, "form": form,
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def measurement_detail(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    measurement = selectors.measurement_get(municipality=ctx.municipality, pk=pk)
    can_edit = can_edit_measurements(ctx)
    form = None
    if can_edit:
        initial = {"value": measurement.display_value if not measurement.suppressed_marker else "",
                   "marker": measurement.suppressed_marker}
        form = CorrectionForm(request.POST or None, initial=initial, indicator=measurement.indicator)
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            changed = services.measurement_correct(
                measurement=measurement, value=form.cleaned_data["value"], marker=form.cleaned_data["marker"],
                user=request.user,
            )
            messages.success(request, _("Värdet är rättat.") if changed else _("Värdet var redan detsamma."))
            return redirect("indicators:measurement", municipality=ctx.municipality.slug, pk=measurement.pk)
    return render(request, "indicators/measurement.html", {
        "ctx": ctx, "municipality": ctx.municipality, "measurement": measurement, "form": form,
        "series": selectors.measurement_series(
            indicator=measurement.indicator, municipality=ctx.municipality, school=measurement.school,
            grade=measurement.grade,
        ),
        "national": selectors.national_series(indicator=measurement.indicator, grade=measurement.grade),
        "history": selectors.measurement_history(measurement=measurement),
    })


@municipality_view
@require_GET
def export(request: HttpRequest, ctx: MunicipalityContext, fmt: str) -> HttpResponse:
    require(can_view_statistics(ctx))
    filename = f"utfall-{ctx.municipality.slug}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(
            export_xlsx(municipality=ctx.municipality),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(export_csv(municipality=ctx.municipality), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Import: one flow for both doors -------------------------------------------------------------
# Upload -> the worker previews (a dry run of the real import) -> confirm -> the worker saves.
# Nothing is read in the web request and nothing is saved before confirm.

def _import_start(request: HttpRequest, *, context: dict, imports, detail: str, request_kwargs: dict,
                  url_kwargs: dict) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.statistics_import_request(
                upload=form.cleaned_data["file"], requested_by=request.user, **request_kwargs
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect(detail, pk=row.pk, **url_kwargs)
    return render(request, "indicators/import.html", {**context, "upload_form": form, "imports": imports})


def _import_detail(request: HttpRequest, *, row: StatisticsImport, context: dict, start: str,
                   url_kwargs: dict) -> HttpResponse:
    needs_grade = row.status == ImportStatus.NEEDS_GRADE
    confirm_form = ConfirmForm(request.POST or None, initial={"grade": row.grade}, needs_grade=needs_grade)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel":
            services.statistics_import_cancel(row=row)
            return redirect(start, **url_kwargs)
        if confirm_form.is_valid():
            services.statistics_import_confirm(
                row=row, grade=confirm_form.cleaned_data["grade"], save=action == "import" and not needs_grade
            )
            return redirect(request.path)
    page = {**context, "row": row, "result": row.summary or None, "confirm_form": confirm_form,
            "needs_grade": needs_grade, "start_url": reverse(start, kwargs=url_kwargs)}
    if request.htmx:
        # The polled part only; polling stops once the worker has nothing left to do.
        return render(request, "indicators/import.html#import-status", page)
    return render(request, "indicators/import.html", page)


@municipality_view
@require_http_methods(["GET", "POST"])
def import_municipality(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_import_statistics(ctx))
    return _import_start(
        request, context=_municipality_import_context(ctx),
        imports=selectors.statistics_imports(municipality=ctx.municipality),
        detail="indicators:import_detail", request_kwargs={"municipality": ctx.municipality},
        url_kwargs={"municipality": ctx.municipality.slug},
    )


@municipality_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def import_municipality_detail(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_import_statistics(ctx))
    row = selectors.statistics_import_get(municipality=ctx.municipality, pk=pk)
    return _import_detail(request, row=row, context=_municipality_import_context(ctx), start="indicators:import",
                          url_kwargs={"municipality": ctx.municipality.slug})


def _municipality_import_context(ctx: MunicipalityContext) -> dict:
    return {"ctx": ctx, "municipality": ctx.municipality, "base": "municipalities/_base.html"}


def _network_import_context(ctx: NetworkContext) -> dict:
    return {"ctx": ctx, "network": ctx.network, "base": "networks/_base.html"}


@network_view
@require_http_methods(["GET", "POST"])
def import_network(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_import_network_statistics(ctx))
    return _import_start(
        request, context=_network_import_context(ctx), imports=selectors.statistics_imports(network=ctx.network),
        detail="indicators:network_import_detail", request_kwargs={"network": ctx.network},
        url_kwargs={"network": ctx.network.slug},
    )


@network_view
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def import_network_detail(request: HttpRequest, ctx: NetworkContext, pk: int) -> HttpResponse:
    require(can_import_network_statistics(ctx))
    row = selectors.statistics_import_get(network=ctx.network, pk=pk)
    return _import_detail(request, row=row, context=_network_import_context(ctx), start="indicators:network_import",
                          url_kwargs={"network": ctx.network.slug})


@municipality_view
@require_http_methods(["GET", "POST"])
def kolada(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The municipality's Kolada key figures and comparison group; "Hämta nu" queues the worker."""
    require(can_manage_kolada(ctx))
    selection = selectors.kolada_selection_get(municipality=ctx.municipality)
    if request.method == "POST" and request.POST.get("action") == "fetch":
        if selection is None or not selection.kpis:
            messages.error(request, _("Välj nyckeltal och spara först."))
        elif not ctx.municipality.code:
            messages.error(request, _("Kommunen saknar kommunkod, så inget kan hämtas från Kolada."))
        else:
            from .tasks import fetch_kolada

            fetch_kolada.delay(municipality_id=ctx.municipality.pk)
            messages.success(request, _("Hämtningen från Kolada har startat. Värdena syns i statistiken när den är klar."))
        return redirect("indicators:kolada", municipality=ctx.municipality.slug)
    groups, groups_error = selectors.kolada_municipality_groups()
    initial = {}
    if selection is not None:
        initial = {"kpis": ", ".join(selection.kpis), "group": selection.group_id,
                   "group_title": selection.group_title, "own_codes": ", ".join(selection.own_codes)}
    form = KoladaSelectionForm(request.POST or None, initial=initial, groups=groups)
    if request.method == "POST" and form.is_valid():
        services.kolada_selection_save(
            municipality=ctx.municipality, kpis=form.cleaned_data["kpis"], group_id=form.cleaned_data["group"],
            groups=form.groups, own_codes=form.cleaned_data["own_codes"], user=request.user,
        )
        messages.success(request, _("Urvalet från Kolada är sparat."))
        return redirect("indicators:kolada", municipality=ctx.municipality.slug)
    return render(request, "indicators/kolada.html", {
        "ctx": ctx, "municipality": ctx.municipality, "form": form, "selection": selection,
        "groups_error": groups_error,
    })
