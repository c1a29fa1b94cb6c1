"""Pages of dimension 8: thin views over competence.services and competence.selectors.

Rights come from access.rights; a person's own answers and a session's checks reach a page only
when the right for them holds (the selectors return aggregates otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from access.context import MunicipalityContext
from access.rights import (
    can_assess_own_competence,
    can_check_show_and_tell,
    can_edit_checklist,
    can_edit_competences,
    can_plan_competence,
    can_read_quality,
    can_record_show_and_tell,
    can_see_coverage_names,
    can_see_individual_competence,
    can_see_school_competence,
    can_see_show_and_tell,
    can_write_municipal_quality,
    require,
)
from access.tenant import municipality_view

from . import selectors, services
from .forms import (
    CheckForm,
    ChecklistForm,
    CompetenceForm,
    PlanActionForm,
    SelfAssessmentForm,
    SessionForm,
    staff_users,
)
from .models import Competence


def _base(ctx: MunicipalityContext, **extra) -> dict:
    # crumb: "Kvalitetsarbete" is not the current page; sub: nor is "Luftfartsverket" (its home sets False).
    return {"ctx": ctx, "municipality": ctx.municipality, "crumb": True, "sub": True, **extra}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _own_school(ctx: MunicipalityContext):
    if ctx.school_id is None:
        return None
    return selectors.school_get(municipality=ctx.municipality, pk=ctx.school_id)


@municipality_view
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Dimension 8: the competences, the way to one's own self-assessment and school, the schools' counts."""
    require(can_read_quality(ctx))
    can_edit = can_edit_competences(ctx)
    form = CompetenceForm(request.POST if request.POST.get("form") == "competence" else None) if can_edit else None
    if request.method == "POST":
        require(can_edit)
        if request.POST.get("form") == "from-routines":
            n = services.competences_from_routines(municipality=ctx.municipality)
            n += services.competences_from_rubric(municipality=ctx.municipality)
            messages.success(request, ngettext(
                "%(n)s ny kompetens är hämtad från rutinerna och bedömningsunderlaget.",
                "%(n)s nya kompetenser är hämtade från rutinerna och bedömningsunderlaget.", n) % {"n": n})
            return redirect("competence:home", municipality=ctx.municipality.slug)
        if form.is_valid():
            services.competence_save(municipality=ctx.municipality, **form.cleaned_data)
            messages.success(request, _("Kompetensen är tillagd."))
            return redirect("competence:home", municipality=ctx.municipality.slug)
    overview = can_write_municipal_quality(ctx)
    return render(request, "competence/home.html", _base(
        ctx, sub=False, competences=selectors.competences(municipality=ctx.municipality), can_edit=can_edit, form=form,
        routines=selectors.routines_with_checklist_counts(municipality=ctx.municipality),
        can_assess=can_assess_own_competence(ctx), own_school=_own_school(ctx),
        schools=selectors.schools_overview(municipality=ctx.municipality) if overview else None,
        status=selectors.tool_status(municipality=ctx.municipality),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def competence_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    require(can_edit_competences(ctx))
    competence = selectors.competence_get(municipality=ctx.municipality, pk=pk)
    form = CompetenceForm(request.POST or None,
                          initial={"title": competence.title, "description": competence.description})
    if request.method == "POST":
        if request.POST.get("delete"):
            services.competence_delete(competence=competence)
            messages.success(request, _("Kompetensen är borttagen."))
            return redirect("competence:home", municipality=ctx.municipality.slug)
        if form.is_valid():
            services.competence_save(municipality=ctx.municipality, competence=competence, **form.cleaned_data)
            messages.success(request, _("Kompetensen är sparad."))
            return redirect("competence:home", municipality=ctx.municipality.slug)
    return render(request, "competence/competence_form.html", _base(ctx, competence=competence, form=form))


@municipality_view
@require_http_methods(["GET", "POST"])
def checklist(request: HttpRequest, ctx: MunicipalityContext, routine: int) -> HttpResponse:
    """A routine's checklist: what "right quality" looks like. Everyone reads; the routine's writers edit."""
    require(can_read_quality(ctx))
    obj = selectors.routine_get(municipality=ctx.municipality, pk=routine)
    items = selectors.checklist(routine=obj)
    can_edit = can_edit_checklist(ctx, obj)
    form = ChecklistForm(request.POST or None, initial={"lines": "\n".join(i.text for i in items)}) if can_edit else None
    if request.method == "POST":
        require(can_edit)
        if form.is_valid():
            try:
                services.checklist_save(routine=obj, lines=form.cleaned_data["lines"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Checklistan är sparad."))
                return redirect("competence:checklist", municipality=ctx.municipality.slug, routine=obj.pk)
    return render(request, "competence/checklist.html", _base(ctx, routine=obj, items=items, form=form))


@municipality_view
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The signed-in person's own self-assessment: a level and a need per competence."""
    require(can_assess_own_competence(ctx))
    comps = selectors.competences(municipality=ctx.municipality)
    own = selectors.own_assessments(municipality=ctx.municipality, user=request.user)
    initial = {}
    for cid, a in own.items():
        initial[f"level_{cid}"], initial[f"need_{cid}"] = a.level, a.need
    form = SelfAssessmentForm(request.POST or None, competences=comps, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.self_assessment_save(municipality=ctx.municipality, user=request.user, answers=form.answers())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, ngettext("Tack! Din självskattning är sparad (%(n)s kompetens).",
                                               "Tack! Din självskattning är sparad (%(n)s kompetenser).", n) % {"n": n})
            return redirect("competence:assess", municipality=ctx.municipality.slug)
    return render(request, "competence/assess.html", _base(ctx, form=form, answered=len(own)))


@municipality_view
@require_http_methods(["GET", "POST"])
def school(request: HttpRequest, ctx: MunicipalityContext, school: int) -> HttpResponse:
    """A school's competence analysis and plan. Individual answers only for its principal."""
    obj = selectors.school_get(municipality=ctx.municipality, pk=school)
    require(can_see_school_competence(ctx, obj.pk))
    can_plan = can_plan_competence(ctx, obj.pk)
    form = None
    if can_plan:
        form = PlanActionForm(request.POST or None, prefix="plan",
                              competences=Competence.objects.filter(municipality=ctx.municipality),
                              owners=staff_users(obj),
                              initial={"owner": request.user.pk if ctx.school_id == obj.pk else None})
    if request.method == "POST":
        require(can_plan)
        if form.is_valid():
            try:
                services.plan_action_add(school=obj, created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Åtgärden är tillagd i kompetensplanen och är ett åtagande."))
                return redirect("competence:school", municipality=ctx.municipality.slug, school=obj.pk)
    analysis = selectors.school_analysis(school=obj, individual=can_see_individual_competence(ctx, obj.pk))
    return render(request, "competence/school.html", _base(ctx, school=obj, analysis=analysis, form=form))


@municipality_view
@require_http_methods(["GET"])
def sessions(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Visa & berätta: the school's coverage (names for its staff, counts for förvaltning) and one's sessions."""
    own_school = _own_school(ctx)
    staff_view = own_school is not None and can_see_coverage_names(ctx, own_school.pk)
    require(staff_view or can_write_municipal_quality(ctx))
    principal_school = ctx.school_id if own_school and can_see_individual_competence(ctx, own_school.pk) else None
    return render(request, "competence/sessions.html", _base(
        ctx, school=own_school if staff_view else None,
        coverage=selectors.school_coverage(school=own_school) if staff_view else None,
        counts=selectors.coverage_counts(municipality=ctx.municipality) if can_write_municipal_quality(ctx) else None,
        sessions=selectors.sessions_for(municipality=ctx.municipality, user=request.user, school_id=principal_school)
        if staff_view else [],
        can_record=staff_view and can_record_show_and_tell(ctx, own_school.pk),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    own_school = _own_school(ctx)
    require(own_school is not None and can_record_show_and_tell(ctx, own_school.pk))
    routines = selectors.checked_routines(municipality=ctx.municipality, school=own_school)
    form = SessionForm(request.POST or None, routines=routines, school=own_school,
                       initial={"held_on": timezone.localdate(), "checker": request.user.pk,
                                "routine": request.GET.get("rutin")})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.show_and_tell_create(school=own_school, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Tillfället är skapat. Kontrollera nu mot checklistan."))
            return redirect("competence:session", municipality=ctx.municipality.slug, pk=session.pk)
    return render(request, "competence/session_new.html", _base(ctx, form=form, routines=routines,
                                                                 school=own_school))


@municipality_view
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """One session: the routine's checklist checked point by point (the checker or the principal writes)."""
    obj = selectors.session_get(municipality=ctx.municipality, pk=pk)
    require(can_see_show_and_tell(ctx, obj))
    may_check = can_check_show_and_tell(ctx, obj)
    items = selectors.checklist(routine=obj.routine)
    checks = selectors.session_checks(session=obj)
    initial = {"note": obj.note}
    for item_id, c in checks.items():
        initial[f"result_{item_id}"], initial[f"note_{item_id}"] = c.result, c.note
    form = CheckForm(request.POST or None, items=items, initial=initial) if may_check else None
    if request.method == "POST":
        require(may_check)
        if form.is_valid():
            services.show_and_tell_check(session=obj, results=form.results(), note=form.cleaned_data["note"])
            messages.success(request, _("Kontrollen är sparad."))
            return redirect("competence:session", municipality=ctx.municipality.slug, pk=obj.pk)
    return render(request, "competence/session.html", _base(
        ctx, session=obj, form=form, rows=[(i, checks.get(i.pk)) for i in items]))
