"""Pages of Följ progressionen: thin views over progression.services and progression.selectors."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.context import MunicipalityContext
from access.rights import (
    can_define_progression_measures,
    can_read_progression,
    can_write_school_results,
    require,
)
from access.tenant import municipality_view
from core.spreadsheet import safe_cell

from . import selectors, services
from .calculation import Basis
from .charts import class_chart
from .forms import BasisForm, DeleteForm, GridChoiceForm, GridForm, ImportForm, MeasureForm, SchoolClassForm
from .importer import COLUMNS, MAX_ROWS
from .models import ImportStatus, MeasureUnit, term_label


def _base(ctx: MunicipalityContext, **extra) -> dict:
    # crumb: "Kvalitetsarbete" is a parent in the breadcrumbs; sub: so is "Följ progressionen".
    return {"ctx": ctx, "municipality": ctx.municipality, "crumb": True, **extra}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _basis(request: HttpRequest) -> str:
    value = request.GET.get("jamfor", "")
    return value if value in Basis.values else Basis.MUNICIPALITY


@municipality_view
@require_GET
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Schools side by side on one measure: each class's line and value added."""
    require(can_read_progression(ctx))
    all_measures = selectors.measures(municipality=ctx.municipality)
    measure = None
    if all_measures:
        chosen = request.GET.get("matt", "")
        measure = next((m for m in all_measures if str(m.pk) == chosen), all_measures[0])
    basis = _basis(request)
    form = BasisForm(initial={"matt": measure.pk if measure else None, "jamfor": basis}, measures=all_measures)
    overview = selectors.progression_overview(municipality=ctx.municipality, measure=measure, basis=basis)
    own_school = next((r.school for r in overview.rows if can_write_school_results(ctx, r.school.pk)), None)
    return render(request, "progression/home.html", _base(
        ctx, overview=overview, measures=all_measures, measure=measure, basis=basis, form=form,
        own_school=own_school, can_define=can_define_progression_measures(ctx),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def measures(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The measures every school uses (förvaltning defines them)."""
    require(can_read_progression(ctx))
    can_define = can_define_progression_measures(ctx)
    form = MeasureForm(request.POST or None) if can_define else None
    if request.method == "POST":
        require(can_define)
        if form.is_valid():
            try:
                services.measure_create(municipality=ctx.municipality, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Måttet är tillagt."))
                return redirect("progression:measures", municipality=ctx.municipality.slug)
    return render(request, "progression/measures.html", _base(
        ctx, sub=True, measures=selectors.measures(municipality=ctx.municipality), form=form, can_define=can_define,
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """Correct or remove a measure (förvaltning): removing takes every school's figures on it."""
    require(can_read_progression(ctx))
    require(can_define_progression_measures(ctx))
    measure = selectors.measure_get(municipality=ctx.municipality, pk=pk)
    results = selectors.result_count(measure=measure)
    action = request.POST.get("form") if request.method == "POST" else None
    form = MeasureForm(request.POST if action == "edit" else None, initial={
        "name": measure.name, "kind": measure.kind, "unit": measure.unit, "description": measure.description,
        "national_indicator": measure.national_indicator_id})
    delete_form = DeleteForm(request.POST if action == "delete" else None, prefix="delete", label=_(
        "Ja, ta bort måttet och dess %(n)s resultat i kommunens skolor") % {"n": results})
    back = redirect("progression:measures", municipality=ctx.municipality.slug)
    if action == "edit" and form.is_valid():
        try:
            services.measure_update(measure=measure, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Måttet är ändrat."))
            return back
    elif action == "delete" and delete_form.is_valid():
        name = measure.name
        count = services.measure_delete(measure=measure)
        messages.success(request, _("Måttet %(name)s är borttaget med %(n)s resultat.") % {"name": name, "n": count})
        return back
    return render(request, "progression/measure_edit.html", _base(
        ctx, sub=True, measure=measure, form=form, delete_form=delete_form, results=results,
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def class_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """Correct or remove a class (the school's own staff): a mistyped letter or cohort."""
    require(can_read_progression(ctx))
    school_class = selectors.school_class_get(municipality=ctx.municipality, pk=pk)
    require(can_write_school_results(ctx, school_class.school_id))
    results = selectors.result_count(school_class=school_class)
    action = request.POST.get("form") if request.method == "POST" else None
    form = SchoolClassForm(request.POST if action == "edit" else None,
                           initial={"section": school_class.section, "cohort": school_class.cohort})
    delete_form = DeleteForm(request.POST if action == "delete" else None, prefix="delete", label=_(
        "Ja, ta bort klassen och dess %(n)s resultat") % {"n": results})
    if action == "edit" and form.is_valid():
        try:
            services.school_class_update(school_class=school_class, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Klassen är ändrad."))
            return redirect("progression:cohort", municipality=ctx.municipality.slug, pk=school_class.pk)
    elif action == "delete" and delete_form.is_valid():
        label = school_class.label
        count = services.school_class_delete(school_class=school_class)
        messages.success(request, _("%(label)s är borttagen med %(n)s resultat.") % {"label": label, "n": count})
        return redirect("progression:school", municipality=ctx.municipality.slug, pk=school_class.school_id)
    return render(request, "progression/class_edit.html", _base(
        ctx, sub=True, school_class=school_class, form=form, delete_form=delete_form, results=results,
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def school(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """A school's classes and the grid for one measure and term (its staff write)."""
    require(can_read_progression(ctx))
    the_school = selectors.school_get(municipality=ctx.municipality, pk=pk)
    can_write = can_write_school_results(ctx, the_school.pk)
    all_measures = selectors.measures(municipality=ctx.municipality)
    this_year = selectors.current_school_year()
    years = list(range(this_year, this_year - 6, -1))
    # The grid posts its measure and term with it; the new-class form does not.
    source = request.POST if request.method == "POST" and request.POST.get("form") != "class" else request.GET
    choice = GridChoiceForm(source or None, measures=all_measures, years=years, initial={
        "lasar": this_year, "termin": selectors.current_term(), "matt": all_measures[0].pk if all_measures else None})
    if choice.is_bound and choice.is_valid():
        measure_id, school_year, term = choice.cleaned_data["matt"], choice.cleaned_data["lasar"], \
            choice.cleaned_data["termin"]
    else:
        measure_id = all_measures[0].pk if all_measures else None
        school_year, term = this_year, selectors.current_term()
    measure = next((m for m in all_measures if m.pk == measure_id), None)
    class_form = SchoolClassForm(initial={"cohort": this_year - 1}) if can_write else None
    grid = None
    if measure is not None:
        classes = selectors.classes_in_year(school=the_school, school_year=school_year)
        grid = GridForm(classes=classes, school_year=school_year, percent=measure.unit == MeasureUnit.PERCENT,
                        initial_results=selectors.grid_values(school=the_school, measure=measure,
                                                              school_year=school_year, term=term))
    if request.method == "POST":
        require(can_write)
        if request.POST.get("form") == "class":
            class_form = SchoolClassForm(request.POST)
            if class_form.is_valid():
                try:
                    services.school_class_create(school=the_school, **class_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(class_form, exc)
                else:
                    messages.success(request, _("Klassen är tillagd."))
                    return redirect("progression:school", municipality=ctx.municipality.slug, pk=the_school.pk)
        elif grid is not None:
            grid = GridForm(request.POST, classes=grid.classes, school_year=school_year,
                            percent=measure.unit == MeasureUnit.PERCENT)
            if grid.is_valid():
                entries = [services.GridEntry(school_class=c, value=grid.cleaned_data[f"value_{c.pk}"],
                                              pupils=grid.cleaned_data[f"pupils_{c.pk}"]) for c in grid.classes]
                counts = services.results_save(school=the_school, measure=measure, school_year=school_year, term=term,
                                               entries=entries, user=request.user)
                messages.success(request, _("Resultaten är sparade (nya: %(c)s, ändrade: %(u)s, borttagna: %(d)s).") % {
                    "c": counts.created, "u": counts.updated, "d": counts.deleted})
                url = request.path + f"?matt={measure.pk}&lasar={school_year}&termin={term}"
                return redirect(url)
    return render(request, "progression/school.html", _base(
        ctx, sub=True, school=the_school, can_write=can_write, measures=all_measures, measure=measure, choice=choice,
        school_year=school_year, term=term, grid=grid, class_form=class_form,
        period_label=term_label(school_year, term),
        # Read-only viewers see no figure of a class under the threshold; the school's own staff
        # see what they entered, in the form they correct it in.
        threshold=selectors.anonymity_threshold(municipality=ctx.municipality),
        class_rows=selectors.school_class_rows(school=the_school, school_year=this_year),
        imports=selectors.recent_imports(school=the_school) if can_write else [],
    ))


@municipality_view
@require_GET
def cohort(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """One class followed over time on every measure, with its value added and the rule."""
    require(can_read_progression(ctx))
    school_class = selectors.school_class_get(municipality=ctx.municipality, pk=pk)
    basis = _basis(request)
    view = selectors.cohort_view(school_class=school_class, basis=basis)
    charts = [(item, class_chart(item, chart_id=f"chart-{i}", basis=basis)) for i, item in enumerate(view.lines)]
    return render(request, "progression/cohort.html", _base(
        ctx, sub=True, school_class=school_class, view=view, charts=charts, basis=basis,
        form=BasisForm(initial={"jamfor": basis}), this_year=selectors.current_school_year(),
        can_write=can_write_school_results(ctx, school_class.school_id),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_progression(ctx))
    the_school = selectors.school_get(municipality=ctx.municipality, pk=pk)
    require(can_write_school_results(ctx, the_school.pk))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        imp = services.result_import_read(school=the_school, user=request.user, filename=upload.name,
                                          data=upload.read())
        return redirect("progression:import_preview", municipality=ctx.municipality.slug, pk=imp.pk)
    return render(request, "progression/import.html", _base(
        ctx, sub=True, school=the_school, form=form, columns=COLUMNS, max_rows=MAX_ROWS,
        measures=selectors.measures(municipality=ctx.municipality),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_read_progression(ctx))
    imp = selectors.result_import_get(municipality=ctx.municipality, pk=pk)
    require(can_write_school_results(ctx, imp.school_id))
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            services.result_import_cancel(result_import=imp)
            messages.info(request, _("Importen är avbruten. Inget har sparats."))
            return redirect("progression:school", municipality=ctx.municipality.slug, pk=imp.school_id)
        try:
            imp = services.result_import_confirm(result_import=imp, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Resultaten är importerade (nya: %(c)s, ändrade: %(u)s).") % {
                "c": imp.summary.get("created", 0), "u": imp.summary.get("updated", 0)})
            return redirect("progression:school", municipality=ctx.municipality.slug, pk=imp.school_id)
    return render(request, "progression/import_preview.html", _base(
        ctx, sub=True, imp=imp, school=imp.school, is_preview=imp.status == ImportStatus.PREVIEW,
        rows=selectors.import_preview_rows(result_import=imp),
    ))


@municipality_view
@require_GET
def template_download(request: HttpRequest, ctx: MunicipalityContext, fmt: str) -> HttpResponse:
    """The documented template, with the municipality's measures as example rows."""
    require(can_read_progression(ctx))
    header = [str(label) for _key, label, _help in COLUMNS]
    names = [m.name for m in selectors.measures(municipality=ctx.municipality)] or [_("Läsförståelse, screening")]
    year = selectors.current_school_year()
    label = f"{year - 1}/{year % 100:02d}"
    example = [[label, "HT", "2A", name, "72,5" if fmt == "csv" else 72.5, 24] for name in names[:3]]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        for row in example:
            writer.writerow([safe_cell(c) for c in row])
        response = HttpResponse(("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = str(_("Resultat"))
        sheet.append(header)
        for row in example:
            sheet.append([safe_cell(c) for c in row])
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="resultatmall.{fmt}"'
    return response
