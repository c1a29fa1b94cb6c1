from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.context import MunicipalityContext, NetworkContext
from access.rights import (
    can_edit_measurements,
    can_import_network_statistics,
    can_import_statistics,
    can_view_statistics,
    require,
)
from access.tenant import municipality_view, network_view

from . import selectors, services
from .export import export_csv, export_xlsx
from .forms import ConfirmForm, CorrectionForm, MeasurementForm, StatisticsFilterForm, UploadForm
from .importer import ImportRejected, run_import
from .models import Measurement, OrganiserType


@municipality_view
@require_GET
def statistics(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_view_statistics(ctx))
    organiser_types = selectors.organiser_types(municipality=ctx.municipality)
    default = OrganiserType.ALL.value if OrganiserType.ALL.value in organiser_types else (organiser_types or [""])[0]
    form = StatisticsFilterForm(request.GET or {"organiser_type": default}, organiser_types=organiser_types)
    chosen = form.cleaned_data["organiser_type"] if form.is_valid() else default
    groups = selectors.latest_by_table(municipality=ctx.municipality, organiser_type=chosen)
    return render(request, "indicators/statistics.html", {
        "ctx": ctx, "municipality": ctx.municipality, "form": form, "groups": groups, "chosen": chosen,
        "chosen_label": dict(OrganiserType.choices).get(chosen, chosen),
        "can_edit": can_edit_measurements(ctx), "can_import": can_import_statistics(ctx),
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def measurement_new(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_edit_measurements(ctx))
    form = MeasurementForm(request.POST or None, municipality=ctx.municipality)
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
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator", "school"), pk=pk, municipality=ctx.municipality
    )
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

def _import_flow(request: HttpRequest, *, tenant: str, municipality_ids, context: dict) -> HttpResponse:
    """Upload -> preview (dry run of the real import) -> confirm. Nothing is saved before confirm."""
    template = "indicators/import.html"
    upload_form = UploadForm()
    if request.method == "GET":
        return render(request, template, {**context, "upload_form": upload_form})

    confirm = "token" in request.POST
    token: str | None = None
    stored: services.StoredUpload | None = None
    grade: int | None = None
    needs_grade = False
    if not confirm:
        upload_form = UploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return render(request, template, {**context, "upload_form": upload_form})
        upload = upload_form.cleaned_data["file"]
        data, filename = upload.read(), upload.name
    else:
        try:
            stored, data = services.upload_load(token=request.POST["token"], tenant=tenant, user_id=request.user.pk)
        except ValidationError as exc:
            return render(request, template, {**context, "upload_form": upload_form, "import_error": exc.messages[0]})
        token, filename = request.POST["token"], stored.filename
        needs_grade = request.POST.get("needs_grade") == "1"
        confirm_form = ConfirmForm(request.POST, needs_grade=needs_grade)
        if not confirm_form.is_valid():
            return render(request, template, {
                **context, "confirm_form": confirm_form, "filename": filename, "needs_grade": needs_grade,
            })
        grade = confirm_form.cleaned_data["grade"]

    save = confirm and request.POST.get("action") == "import"
    try:
        result = run_import(
            data, filename=filename, dry_run=not save, grade=grade, municipality_ids=municipality_ids,
            save_national=False, user=request.user,
        )
    except ImportRejected as exc:
        if exc.needs_grade and grade is None:
            if token is None:
                token = services.upload_store(data=data, filename=filename, tenant=tenant, user_id=request.user.pk)
            return render(request, template, {
                **context, "confirm_form": ConfirmForm(initial={"token": token}, needs_grade=True),
                "filename": filename, "needs_grade": True, "grade_message": exc.message,
            })
        if stored is not None:
            services.upload_delete(upload=stored)
        error = _("%(name)s: %(message)s Inget har sparats.") % {"name": filename, "message": exc.message}
        return render(request, template, {**context, "upload_form": UploadForm(), "import_error": error})

    if save:
        services.upload_delete(upload=stored)
        return render(request, template, {**context, "result": result, "done": True})
    if token is None:
        token = services.upload_store(data=data, filename=filename, tenant=tenant, user_id=request.user.pk)
    confirm_form = ConfirmForm(initial={"token": token, "grade": grade}, needs_grade=needs_grade)
    return render(request, template, {
        **context, "result": result, "confirm_form": confirm_form, "filename": filename, "needs_grade": needs_grade,
    })


@municipality_view
@require_http_methods(["GET", "POST"])
def import_municipality(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    require(can_import_statistics(ctx))
    return _import_flow(
        request, tenant=f"k:{ctx.municipality.pk}", municipality_ids=[ctx.municipality.pk],
        context={"ctx": ctx, "municipality": ctx.municipality, "base": "municipalities/_base.html"},
    )


@network_view
@require_http_methods(["GET", "POST"])
def import_network(request: HttpRequest, ctx: NetworkContext) -> HttpResponse:
    require(can_import_network_statistics(ctx))
    return _import_flow(
        request, tenant=f"n:{ctx.network.pk}", municipality_ids=list(ctx.member_municipality_ids),
        context={"ctx": ctx, "network": ctx.network, "base": "networks/_base.html"},
    )
