"""Pages of the teaching-quality tool: thin views over teaching.services and teaching.selectors.

Who sees what is decided by the rights in ``access.rights`` (Teaching quality): a visit by the
teacher visited and the school's principal; a school's picture and plan by its own staff and by
förvaltning, the board and the coordinator, as aggregates only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from access.context import MunicipalityContext
from access.rights import (
    can_comment_lesson_visit,
    can_edit_teaching_plan,
    can_edit_teaching_rubric,
    can_record_lesson_visit,
    can_see_all_school_teaching,
    can_see_lesson_visit,
    can_see_school_teaching,
    require,
)
from access.tenant import municipality_view

from . import selectors, services
from .forms import ActionForm, AdoptForm, AspectFormSet, CommentForm, PlanForm, RubricForm, VisitForm


def _base(ctx: MunicipalityContext, **extra) -> dict:
    return {"ctx": ctx, "municipality": ctx.municipality, "crumb": True, **extra}


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _pictures(ctx: MunicipalityContext, schools, *, plans=None) -> dict:
    """The schools' pictures as this viewer may see them: the running term for their own school's principal."""
    running = {ctx.school_id} if ctx.is_principal and ctx.school_id else set()
    focus = {pk: p.focus_keys for pk, p in (plans or {}).items()}
    return selectors.school_pictures(
        municipality=ctx.municipality, schools=schools, threshold=selectors.threshold_for(municipality=ctx.municipality),
        running_for=running, focus=focus,
    )


@municipality_view
@require_GET
def home(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Each reader's own view of the tool: their visits, their school's, or every school's picture."""
    today = timezone.localdate()
    year = selectors.school_year_of(today)
    rubric = selectors.current_rubric(municipality=ctx.municipality)
    context = _base(ctx, rubric=rubric, can_record=can_record_lesson_visit(ctx),
                    can_edit_rubric=can_edit_teaching_rubric(ctx), see_all=can_see_all_school_teaching(ctx))
    if ctx.is_teacher:
        context["my_visits"] = selectors.visits_of_teacher(municipality=ctx.municipality, teacher=request.user)
    if ctx.is_principal and ctx.school_id:
        context["school_visits"] = selectors.visits_at_school(school=ctx.membership.school)
    if context["see_all"]:
        schools = selectors.schools_of(municipality=ctx.municipality)
        plans = selectors.plans_for_year(municipality=ctx.municipality, school_year=year)
        pictures = _pictures(ctx, schools, plans=plans)
        context["school_rows"] = [(s, pictures[s.pk], plans.get(s.pk)) for s in schools]
    elif ctx.school_id:
        context["own_school"] = ctx.membership.school
    return render(request, "teaching/home.html", context)


# --- The rubric ----------------------------------------------------------------------------------

@municipality_view
@require_http_methods(["GET", "POST"])
def rubric(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """The version in force for everyone; förvaltning also sees the versions and starts a new one."""
    can_edit = can_edit_teaching_rubric(ctx)
    current = selectors.current_rubric(municipality=ctx.municipality)
    if request.method == "POST":
        require(can_edit)
        draft = services.rubric_create(municipality=ctx.municipality, created_by=request.user, copy_of=current)
        messages.success(request, _("Ett utkast till version %(v)s är skapat.") % {"v": draft.version})
        return redirect("teaching:rubric_edit", municipality=ctx.municipality.slug, pk=draft.pk)
    return render(request, "teaching/rubric.html", _base(
        ctx, current=current, can_edit=can_edit,
        versions=selectors.rubrics(municipality=ctx.municipality) if can_edit else [],
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def rubric_edit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    """One version: a draft is edited and adopted here; an adopted one is only read."""
    require(can_edit_teaching_rubric(ctx))
    obj = selectors.rubric_get(municipality=ctx.municipality, pk=pk)
    aspects = list(obj.aspects.all())
    initial = {"title": obj.title, "scale": "\n".join(obj.scale)}
    aspect_initial = [{"key": a.key, "title": a.title, "description": a.description} for a in aspects]
    form = RubricForm(initial=initial)
    formset = AspectFormSet(initial=aspect_initial, prefix="aspekt")
    adopt_form = AdoptForm(initial={"adopted_on": timezone.localdate()})
    if request.method == "POST" and not obj.is_adopted:
        if "adopted_on" in request.POST:
            adopt_form = AdoptForm(request.POST)
            if adopt_form.is_valid():
                try:
                    services.rubric_adopt(rubric=obj, adopted_by=request.user, **adopt_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(adopt_form, exc)
                else:
                    messages.success(request, _("Version %(v)s är antagen. Nya besök använder den.") % {"v": obj.version})
                    return redirect("teaching:rubric", municipality=ctx.municipality.slug)
        else:
            form = RubricForm(request.POST)
            formset = AspectFormSet(request.POST, initial=aspect_initial, prefix="aspekt")
            if form.is_valid() and formset.is_valid():
                data = [services.AspectData(title=f.cleaned_data.get("title", ""),
                                            description=f.cleaned_data.get("description", ""),
                                            key=f.cleaned_data.get("key", ""))
                        for f in formset.forms if f.cleaned_data]
                try:
                    services.rubric_update(rubric=obj, title=form.cleaned_data["title"],
                                           scale=form.cleaned_data["scale"], aspects=data)
                except ValidationError as exc:
                    _form_errors(form, exc)
                else:
                    messages.success(request, _("Utkastet är sparat."))
                    return redirect("teaching:rubric_edit", municipality=ctx.municipality.slug, pk=obj.pk)
    return render(request, "teaching/rubric_edit.html", _base(
        ctx, rubric=obj, aspects=aspects, form=form, formset=formset, adopt_form=adopt_form,
    ))


# --- Lesson visits -------------------------------------------------------------------------------

@municipality_view
@require_http_methods(["GET", "POST"])
def visit_new(request: HttpRequest, ctx: MunicipalityContext) -> HttpResponse:
    """Phone-first: the principal records the visit during the lesson. A bad submit keeps every answer."""
    require(can_record_lesson_visit(ctx))
    school = ctx.membership.school
    rubric = selectors.current_rubric(municipality=ctx.municipality)
    if rubric is None:
        return render(request, "teaching/visit_new.html", _base(ctx, rubric=None, form=None))
    form = VisitForm(request.POST or None, teachers=services.visit_teachers(school=school), rubric=rubric)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(municipality=ctx.municipality, school=school, visitor=request.user,
                                          rubric=rubric, **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Besöket är sparat. Läraren ser det under Lektionsbesök."))
            # ?sparat=1: the visit's page empties the draft this browser kept (static/js/keep-draft.js).
            return redirect(reverse("teaching:visit", kwargs={"municipality": ctx.municipality.slug, "pk": visit.pk})
                            + "?sparat=1")
    return render(request, "teaching/visit_new.html", _base(ctx, rubric=rubric, form=form, school=school))


@municipality_view
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, ctx: MunicipalityContext, pk: int) -> HttpResponse:
    obj = selectors.visit_get(municipality=ctx.municipality, pk=pk)
    require(can_see_lesson_visit(ctx, obj))
    can_comment = can_comment_lesson_visit(ctx, obj)
    form = CommentForm(request.POST or None, initial={"text": obj.teacher_comment}) if can_comment else None
    if request.method == "POST":
        require(can_comment)
        if form.is_valid():
            services.visit_comment(visit=obj, teacher=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Din kommentar är sparad."))
            return redirect("teaching:visit", municipality=ctx.municipality.slug, pk=obj.pk)
    return render(request, "teaching/visit.html", _base(
        ctx, visit=obj, lines=selectors.visit_score_lines(visit=obj), form=form,
        clear_draft=request.GET.get("sparat") == "1" and obj.visitor_id == request.user.pk,
    ))


# --- The school's picture and plan ---------------------------------------------------------------

@municipality_view
@require_GET
def school(request: HttpRequest, ctx: MunicipalityContext, school: int) -> HttpResponse:
    obj = selectors.school_get(municipality=ctx.municipality, pk=school)
    require(can_see_school_teaching(ctx, obj.pk))
    year = selectors.school_year_of(timezone.localdate())
    plan = selectors.plan_for(school=obj, school_year=year)
    picture = _pictures(ctx, [obj], plans={obj.pk: plan} if plan else None)[obj.pk]
    titles = {row.key: row.title for row in picture.rows}
    return render(request, "teaching/school.html", _base(
        ctx, school=obj, picture=picture, plan=plan, school_year=year,
        focus_titles=[titles.get(k, k) for k in plan.focus_keys] if plan else [],
        can_edit_plan=can_edit_teaching_plan(ctx, obj.pk),
        threshold=selectors.threshold_for(municipality=ctx.municipality),
        strength_from=round(selectors.STRENGTH_FROM * 100), develop_below=round(selectors.DEVELOP_BELOW * 100),
    ))


@municipality_view
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, ctx: MunicipalityContext, school: int) -> HttpResponse:
    """This school year's plan: focus aspects, why, how the next visits show the effect, and actions."""
    obj = selectors.school_get(municipality=ctx.municipality, pk=school)
    require(can_edit_teaching_plan(ctx, obj.pk))
    year = selectors.school_year_of(timezone.localdate())
    current = selectors.plan_for(school=obj, school_year=year)
    rubric = selectors.current_rubric(municipality=ctx.municipality)
    aspects = list(rubric.aspects.all()) if rubric else []
    initial = {"focus": current.focus_keys, "why": current.why, "effect": current.effect} if current else {}
    form = PlanForm(initial=initial, aspects=aspects)
    people = selectors.plan_people(municipality=ctx.municipality, school=obj)
    action_form = ActionForm(people=people)
    if request.method == "POST":
        if request.POST.get("form") == "action":
            action_form = ActionForm(request.POST, people=people)
            if current is None:
                action_form.add_error(None, _("Spara planen först."))
            elif action_form.is_valid():
                try:
                    services.plan_action_add(plan=current, created_by=request.user, **action_form.cleaned_data)
                except ValidationError as exc:
                    _form_errors(action_form, exc)
                else:
                    messages.success(request, _("Åtgärden är sparad som ett åtagande."))
                    return redirect("teaching:plan", municipality=ctx.municipality.slug, school=obj.pk)
        else:
            form = PlanForm(request.POST, aspects=aspects)
            if form.is_valid():
                services.plan_save(school=obj, school_year=year, focus_keys=form.cleaned_data["focus"],
                                   why=form.cleaned_data["why"], effect=form.cleaned_data["effect"],
                                   updated_by=request.user)
                messages.success(request, _("Planen är sparad."))
                return redirect("teaching:school", municipality=ctx.municipality.slug, school=obj.pk)
    return render(request, "teaching/plan.html", _base(
        ctx, school=obj, plan=current, school_year=year, form=form, action_form=action_form, rubric=rubric,
    ))
